package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ui.service.JobOwners;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * training.job-updates → the owner's open streams at once, then the history in PostgreSQL behind them ("stream first,
 * store behind"): per poll, the records are decoded, their owners read from memory ({@link JobOwners}), each update is
 * streamed, and the poll is handed to {@link UpdateHistory}, which stores it in one statement and only then commits its
 * offsets. Waiting for PostgreSQL before streaming made the page's updates seconds late at a thousand a second.
 * <p>
 * Idempotency without processed-message ids: (job, seq) identifies an update, so storing one twice changes nothing and
 * the feed does not stream an id it still holds. A poll holds each partition's records in order, and updates of a job
 * share a partition (keyed by job id), so each job's updates are streamed and stored in order.
 * <p>
 * A finished job's state is final: an update numbered after its terminal one goes to the dead-letter topic with the
 * reason ({@link JobOwners#refusal}), so a late or forged {@code running} cannot reopen a completed job on the page.
 */
@ApplicationScoped
public class JobUpdateConsumer {
    private static final Logger LOG = Logger.getLogger(JobUpdateConsumer.class);

    private final JobOwners owners;
    private final LiveFeed feed;
    private final UpdateHistory history;

    public JobUpdateConsumer(JobOwners owners, LiveFeed feed, UpdateHistory history) {
        this.owners = owners;
        this.feed = feed;
        this.history = history;
    }

    /** A record that is not a storable update, and why. */
    private record Refused(Message<String> record, Exception error) {
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdates(KafkaRecordBatch<String, String> batch) {
        List<Message<String>> valid = new ArrayList<>();
        List<JobUpdate> updates = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (Message<String> record : batch.getRecords()) {
            try {
                JobUpdate u = EventCodec.fromJson(record.getPayload(), JobUpdate.class);
                Storable.check(u);
                valid.add(record);
                updates.add(u);
            } catch (InvalidEventException e) {
                refused.add(new Refused(record, e));
            }
        }
        return owners.of(updates)
                .map(byJob -> stream(updates, valid, byJob, refused))
                .call(() -> refuse(refused))
                .chain(streamed -> history.append(streamed, batch));
    }

    /** Streams the poll's updates in order; one numbered after its job's end is added to {@code refused} instead. */
    private List<UpdateHistory.Pending> stream(List<JobUpdate> updates, List<Message<String>> records,
                                               Map<String, String> byJob, List<Refused> refused) {
        List<UpdateHistory.Pending> out = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            JobUpdate u = updates.get(i);
            java.util.Optional<String> refusal = owners.refusal(u);
            if (refusal.isPresent()) {
                refused.add(new Refused(records.get(i), new InvalidEventException(refusal.get())));
                continue;
            }
            long position = -1;
            try {
                position = feed.jobUpdate(u, byJob.get(u.jobId()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "streaming %s:%d failed (it is stored all the same)", u.jobId(), u.seq());
            }
            owners.settle(u);
            out.add(new UpdateHistory.Pending(u, records.get(i), position));
        }
        return out;
    }

    /** Each record that is not a storable update to the dead-letter topic with its error, before the poll's commit. */
    private static Uni<Void> refuse(List<Refused> refused) {
        return Multi.createFrom().iterable(refused)
                .onItem().transformToUniAndConcatenate(r -> {
                    LOG.warnf("refusing a message on training.job-updates: %s", r.error().getMessage());
                    return Uni.createFrom().completionStage(() -> r.record().nack(r.error()));
                })
                .collect().last()
                .replaceWithVoid();
    }
}
