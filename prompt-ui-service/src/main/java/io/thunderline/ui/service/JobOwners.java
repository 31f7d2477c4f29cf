package io.thunderline.ui.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ui.repository.JobViewRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns each job, in memory, so that the stream can tell an update's owner without asking PostgreSQL: seeded at
 * start with the jobs not finished yet, kept current by submissions made here and by the request every queued update
 * carries (so a job submitted through another instance, or made by the trainer, is known from its first update). A
 * finished job is forgotten; an update of a job not known (rare: a late redelivery) is looked up, one query per poll.
 */
@ApplicationScoped
public class JobOwners {
    private static final Logger LOG = Logger.getLogger(JobOwners.class);

    private final JobViewRepository jobs;
    private final Map<String, String> owners = new ConcurrentHashMap<>();
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
                } else if (!owners.containsKey(u.jobId())) {
                    unknown.add(u.jobId());
                }
            }
            Uni<Map<String, String>> looked = unknown.isEmpty() ? Uni.createFrom().item(Map.of()) : jobs.owners(unknown);
            return looked.map(found -> {
                found.forEach(owners::putIfAbsent);
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

    /** A finished job sends no more updates (a retry is a new job, a requeue carries its request again). */
    public void settle(JobUpdate u) {
        if (u.status().terminal()) {
            owners.remove(u.jobId());
        }
    }
}
