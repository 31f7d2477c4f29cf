package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotAllowed;
import io.thunderline.tracking.domain.RunRow;
import io.thunderline.tracking.repository.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Owner-or-admin for mirrored jobs, the page's rule: a person reaches the runs of the jobs they created (created_by of
 * the job's request), an admin all; another person's job answers 404 as if tracking-service had never seen it. The
 * UPM runs and MLflow's status belong to no one: every signed-in person reads them.
 */
@ApplicationScoped
public class TrackingAccess {
    private final RunRepository runs;

    public TrackingAccess(RunRepository runs) {
        this.runs = runs;
    }

    /** Completes when the caller may see every one of the jobs; an admin may ask for any, seen or not. */
    public Uni<Void> jobs(List<String> jobIds, Caller caller) {
        person(caller);
        if (caller.admin()) {
            return Uni.createFrom().voidItem();
        }
        return runs.findAll(jobIds).map(found -> {
            for (String id : jobIds) {
                Optional<RunRow> run = found.stream().filter(r -> r.jobId().equals(id)).findFirst();
                if (run.isEmpty() || !caller.maySee(run.get().createdBy())) {
                    throw new NotSeenException("no job " + id + " of yours: tracking-service has not seen it, or "
                            + "another user made it");
                }
            }
            return null;
        });
    }

    /** People and admins; services and agents read nothing here. */
    public static Caller person(Caller caller) {
        if (!caller.person() && !caller.admin()) {
            throw new NotAllowed("Authorization", "tracking-service answers people (a user's token from the page), not "
                    + (caller.agent() ? "agents" : caller.subject()));
        }
        return caller;
    }
}
