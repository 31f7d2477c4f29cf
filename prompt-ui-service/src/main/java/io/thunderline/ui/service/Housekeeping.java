package io.thunderline.ui.service;

import io.quarkus.scheduler.Scheduled;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps open streams alive. (Old processed-message ids are deleted by service-support's Retention, as in every
 * service: thunderline.service.processed-messages.retention.)
 */
@ApplicationScoped
public class Housekeeping {
    private final LiveFeed feed;

    public Housekeeping(LiveFeed feed) {
        this.feed = feed;
    }

    @Scheduled(every = "${thunderline.ui.stream.heartbeat:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        feed.heartbeat();
    }
}
