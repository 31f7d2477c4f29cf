package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The history behind the stream: job updates already streamed are written to PostgreSQL here, polls queued from every
 * consumer and written together in bounded batches, ONE statement per batch ({@link JobViewRepository#storeUpdates}).
 * A poll is acknowledged (its offsets committed) only once its updates are stored: a crash before that re-streams them
 * after the restart (at least once; the page keeps an update once by its seq).
 * <p>
 * At most {@code maxPending} updates wait: beyond that a consumer's next poll waits for its own to be stored, so a slow
 * database slows the stream down instead of filling the memory. A batch that fails is written one update at a time
 * (each tried three times); an update that still fails goes to the dead-letter topic.
 */
@ApplicationScoped
public class UpdateHistory {
    private static final Logger LOG = Logger.getLogger(UpdateHistory.class);

    /** One update to store: its record (for the dead-letter topic) and its stream position (-1: not streamed). */
    record Pending(JobUpdate update, Message<String> record, long position) {
    }

    /** One poll's updates and what acknowledges the poll. */
    record Poll(List<Pending> updates, Message<?> batch, CompletableFuture<Void> stored) {
    }

    private final JobViewRepository jobs;
    private final LiveFeed feed;
    private final int batchSize;
    private final int maxPending;
    private final ArrayDeque<Poll> queue = new ArrayDeque<>();
    private int pending;
    private boolean writing;

    public UpdateHistory(JobViewRepository jobs, LiveFeed feed, UiConfig config) {
        this.jobs = jobs;
        this.feed = feed;
        this.batchSize = config.history().batchSize();
        this.maxPending = config.history().maxPending();
    }

    /** Queues a streamed poll; completes at once, or, while too much waits, once this poll is stored. */
    Uni<Void> append(List<Pending> updates, Message<?> batch) {
        Poll poll = new Poll(updates, batch, new CompletableFuture<>());
        boolean full;
        synchronized (this) {
            queue.add(poll);
            pending += updates.size();
            full = pending > maxPending;
        }
        writeNext();
        return full ? Uni.createFrom().completionStage(poll.stored()) : Uni.createFrom().voidItem();
    }

    private void writeNext() {
        List<Poll> polls = new ArrayList<>();
        synchronized (this) {
            if (writing || queue.isEmpty()) {
                return;
            }
            writing = true;
            int rows = 0;
            // whole polls, up to batchSize updates (a poll larger than that alone)
            while (!queue.isEmpty() && (polls.isEmpty() || rows + queue.peek().updates().size() <= batchSize)) {
                Poll p = queue.poll();
                rows += p.updates().size();
                polls.add(p);
            }
        }
        List<Pending> updates = polls.stream().flatMap(p -> p.updates().stream()).toList();
        long started = System.nanoTime();
        store(updates)
                .chain(() -> acknowledge(polls))
                .subscribe().with(v -> {
                    LOG.debugf("stored %d updates of %d polls in one statement: %d ms", updates.size(), polls.size(),
                            (System.nanoTime() - started) / 1_000_000);
                    done(polls, updates.size());
                }, e -> {
                    LOG.errorf(e, "storing %d updates failed", updates.size());
                    done(polls, updates.size());
                });
    }

    private Uni<Void> store(List<Pending> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return jobs.storeUpdates(updates.stream().map(Pending::update).toList())
                .invoke(() -> stored(updates))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("a batch of %d updates failed (%s): storing them one by one", updates.size(), e.toString());
                    return oneByOne(updates);
                });
    }

    private Uni<Void> oneByOne(List<Pending> updates) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending p : updates) {
            chain = chain.chain(() -> jobs.storeUpdates(List.of(p.update()))
                    .onFailure().retry().withBackOff(Duration.ofMillis(100)).atMost(2)
                    .onFailure().recoverWithUni(e -> {
                        LOG.errorf("update %s:%d cannot be stored (%s): to the dead-letter topic", p.update().jobId(),
                                p.update().seq(), e.toString());
                        return Uni.createFrom().completionStage(() -> p.record().nack(e));
                    })
                    .invoke(() -> stored(List.of(p))));
        }
        return chain;
    }

    private void stored(List<Pending> updates) {
        feed.stored(updates.stream().mapToLong(Pending::position).filter(p -> p >= 0).toArray());
    }

    private static Uni<Void> acknowledge(List<Poll> polls) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Poll p : polls) {
            chain = chain.chain(() -> Uni.createFrom().completionStage(p.batch()::ack));
        }
        return chain;
    }

    private void done(List<Poll> polls, int rows) {
        synchronized (this) {
            pending -= rows;
            writing = false;
        }
        polls.forEach(p -> p.stored().complete(null));
        writeNext();
    }
}
