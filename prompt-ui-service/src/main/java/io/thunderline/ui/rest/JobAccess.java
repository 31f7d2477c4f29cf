package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** A user sees and controls their own jobs, an admin all of them; anyone else's job does not exist for them. */
@ApplicationScoped
public class JobAccess {
    private final JobViewRepository jobs;

    public JobAccess(JobViewRepository jobs) {
        this.jobs = jobs;
    }

    /** Answered as 404, so that a user cannot learn which job ids exist. */
    public static class NotYours extends ProblemException {
        NotYours(String jobId) {
            super(404, null, "No job " + jobId + " of yours");
        }
    }

    public Uni<JobView> visible(String jobId, SecurityIdentity identity) {
        Viewer viewer = Viewer.of(identity);
        return jobs.find(jobId).map(job -> job.filter(j -> viewer.maySee(j.createdBy()))
                .orElseThrow(() -> new NotYours(jobId)));
    }

    public Uni<List<JobView>> allVisible(List<String> jobIds, SecurityIdentity identity) {
        Viewer viewer = Viewer.of(identity);
        return jobs.findAll(jobIds).map(found -> {
            for (String id : jobIds) {
                if (found.stream().noneMatch(j -> j.jobId().equals(id) && viewer.maySee(j.createdBy()))) {
                    throw new NotYours(id);
                }
            }
            return found;
        });
    }
}
