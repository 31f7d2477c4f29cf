package io.thunderline.ui.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps open streams alive and the processed-message table small (every page instance writes its own ids). */
@ApplicationScoped
public class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final LiveFeed feed;
    private final JobViewRepository jobs;
    private final UiConfig config;

    public Housekeeping(LiveFeed feed, JobViewRepository jobs, UiConfig config) {
        this.feed = feed;
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(every = "${thunderline.ui.stream.heartbeat:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        feed.heartbeat();
    }

    @Scheduled(every = "1h", delay = 5, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOldMessageIds() {
        return jobs.forgetProcessedMessages(config.processedMessagesRetention())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("forgot %d processed-message ids older than %s", n, config.processedMessagesRetention());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("cannot clean processed messages: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
