package io.thunderline.ui.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ui.repository.JobViewRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns each job, in memory, so that the stream can tell an update's owner without asking PostgreSQL: seeded at
 * start with the jobs not finished yet, kept current by submissions made here and by the request every queued update
 * carries (so a job submitted through another instance, or made by the trainer, is known from its first update). A
 * finished job is forgotten; an update of a job not known (rare: a late redelivery) is looked up, one query per poll.
 * <p>
 * It also keeps how the last jobs ended, because a finished job's state is final: an update numbered after a job's
 * completed, failed or cancelled update is refused ({@link #refusal}), never streamed or stored (a retry is a new job).
 */
@ApplicationScoped
public class JobOwners {
    private static final Logger LOG = Logger.getLogger(JobOwners.class);

    static final int ENDED_KEPT = 20_000;

    /** A job's terminal update. */
    record Ended(String status, long seq) {
    }

    private final JobViewRepository jobs;
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** How recently finished jobs ended (the oldest forgotten past {@link #ENDED_KEPT}; a later update looks it up). */
    private final Map<String, Ended> ended = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > ENDED_KEPT;
        }
    });
    private final Uni<Void> seeded;

    public JobOwners(JobViewRepository jobs) {
        this.jobs = jobs;
        this.seeded = Uni.createFrom().deferred(jobs::ownersOfOpenJobs)
                .invoke(found -> {
                    found.forEach(owners::putIfAbsent); // an owner learnt meanwhile is as good
                    LOG.infof("stream knows the owners of %d open jobs", found.size());
                })
                .onFailure().invoke(e -> LOG.warnf("cannot read the owners of open jobs yet (%s): retrying", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .replaceWithVoid()
                .memoize().indefinitely();
    }

    public void put(String jobId, String owner) {
        if (owner != null) {
            owners.put(jobId, owner);
        }
    }

    /**
     * The owners of a poll's updates (a job nobody owns, e.g. not made through a page, is absent: admins only see it).
     * No query unless an update's job is unknown and carries no request.
     */
    public Uni<Map<String, String>> of(List<JobUpdate> updates) {
        return seeded.chain(() -> {
            Set<String> unknown = new LinkedHashSet<>();
            for (JobUpdate u : updates) {
                if (u.request() != null) {
                    put(u.jobId(), u.request().createdBy());
                } else if (!owners.containsKey(u.jobId()) && !ended.containsKey(u.jobId())) {
                    unknown.add(u.jobId());
                }
            }
            Uni<Map<String, JobViewRepository.Known>> looked = unknown.isEmpty() ? Uni.createFrom().item(Map.of())
                    : jobs.known(unknown);
            return looked.map(found -> {
                found.forEach((jobId, known) -> {
                    if (known.owner() != null) {
                        owners.putIfAbsent(jobId, known.owner());
                    }
                    if (JobStatus.fromWire(known.status()).terminal()) {
                        ended.putIfAbsent(jobId, new Ended(known.status(), known.lastSeq()));
                    }
                });
                Map<String, String> out = new HashMap<>();
                for (JobUpdate u : updates) {
                    String owner = owners.get(u.jobId());
                    if (owner != null) {
                        out.put(u.jobId(), owner);
                    }
                }
                return out;
            });
        });
    }

    /**
     * Why {@code u} must not be applied: it is numbered after its job's terminal update. Empty for any other update,
     * including a redelivered one of a finished job (numbered up to its end: storing it again changes nothing).
     */
    public Optional<String> refusal(JobUpdate u) {
        Ended end = ended.get(u.jobId());
        if (end == null || u.seq() <= end.seq()) {
            return Optional.empty();
        }
        return Optional.of("job " + u.jobId() + " ended as " + end.status() + " with update " + end.seq() + "; update "
                + u.seq() + " (" + u.status().wireName() + ") came after its end and is not applied (a finished job's state "
                + "is final; a retry is a new job)");
    }

    /** A finished job sends no more updates (a retry is a new job, a requeue carries its request again). */
    public void settle(JobUpdate u) {
        if (u.status().terminal()) {
            owners.remove(u.jobId());
            ended.put(u.jobId(), new Ended(u.status().wireName(), u.seq()));
        }
    }
}
