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
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final JobViewRepository jobs;

    public JobAccess(JobViewRepository jobs) {
        this.jobs = jobs;
    }

    /** Answered as 404 naming the path's id, so that a user cannot learn which job ids exist. */
    public static class NotYours extends ProblemException {
        NotYours(String jobId) {
            super(404, "id", "No job " + jobId + " of yours");
        }
    }

    public Uni<JobView> visible(String jobId, SecurityIdentity identity) {
        Viewer viewer = Viewer.of(identity);
        if (!plausible(jobId)) {
            return Uni.createFrom().failure(new NotYours(shown(jobId)));
        }
        return jobs.find(jobId).map(job -> job.filter(j -> viewer.maySee(j.createdBy()))
                .orElseThrow(() -> new NotYours(jobId)));
    }

    public Uni<List<JobView>> allVisible(List<String> jobIds, SecurityIdentity identity) {
        Viewer viewer = Viewer.of(identity);
        for (String id : jobIds) {
            if (!plausible(id)) {
                return Uni.createFrom().failure(new NotYours(shown(id)));
            }
        }
        return jobs.findAll(jobIds).map(found -> {
            for (String id : jobIds) {
                if (found.stream().noneMatch(j -> j.jobId().equals(id) && viewer.maySee(j.createdBy()))) {
                    throw new NotYours(id);
                }
            }
            return found;
        });
    }

    /**
     * Whether an id can name a job at all (UUIDs, and the letters, digits and -._: of test ids): anything else, e.g. a
     * NUL byte that PostgreSQL refuses in text, is not looked up.
     */
    static boolean plausible(String jobId) {
        return jobId != null && ID.matcher(jobId).matches();
    }

    private static String shown(String jobId) {
        return String.valueOf(jobId).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
