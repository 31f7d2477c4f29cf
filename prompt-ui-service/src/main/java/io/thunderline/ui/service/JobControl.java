package io.thunderline.ui.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cancel and retry go to the trainer, naming the signed-in user (X-User) so that the job's log says who did it; the
 * outcome shows up as job updates on the live stream. "Retry" of a completed job is "run again": the trainer clones
 * it (same dataset and options) as a new job, since a completed job is not put back in the queue.
 */
@ApplicationScoped
public class JobControl {
    private final TrainerClient trainer;
    private final JobViewRepository jobs;
    private final JobOwners owners;

    public JobControl(TrainerClient trainer, JobViewRepository jobs, JobOwners owners) {
        this.trainer = trainer;
        this.jobs = jobs;
        this.owners = owners;
    }

    /** @param jobId the job now in the queue (a retry under a new id names the new one) */
    public record Outcome(String jobId, String action, String message) {
    }

    /**
     * A job this page knows (its view has a status) may still be on its way to the trainer, which then cancels it
     * when it arrives; a job only the trainer knows (the admin's list) must exist there.
     */
    public Uni<Outcome> cancel(JobView job, String user) {
        return trainer.cancel(job.jobId(), user, job.status() != null).map(answer -> new Outcome(job.jobId(), "cancel",
                answer != null && "cancel-on-arrival".equals(answer.outcome())
                        ? "Cancel requested: the trainer has not received this job yet and cancels it when it does"
                        : "Cancel requested"));
    }

    public Uni<Outcome> retry(JobView job, String user) {
        boolean again = "completed".equals(job.status());
        return (again ? trainer.runAgain(job.jobId(), user) : trainer.retry(job.jobId(), user)).flatMap(answer -> {
            String newId = answer == null ? null : answer.jobId();
            if (newId == null || newId.equals(job.jobId())) {
                return Uni.createFrom().item(new Outcome(job.jobId(), "retry", "Retry requested"));
            }
            Outcome outcome = again ? new Outcome(newId, "run-again", "Running again as job " + newId)
                    : new Outcome(newId, "retry", "Retry requested as job " + newId);
            // the trainer made a new job: it belongs to the owner of the old one
            String owner = job.createdBy() == null ? user : job.createdBy();
            return jobs.recordDerived(newId, job, owner).invoke(() -> owners.put(newId, owner)).replaceWith(outcome);
        });
    }
}
