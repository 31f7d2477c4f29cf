package io.thunderline.trainer.service;

import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.trainer.repository.JobRow;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Runs one claimed job through the four phases, reporting each. The phases do not train a model yet: this is the
 * walking skeleton that proves the job's path through every service; ml-core's search plugs in here.
 */
@ApplicationScoped
public class TrainingRun {
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    private static final Duration STEP = Duration.ofSeconds(20);

    private final JobQueue queue;

    public TrainingRun(JobQueue queue) {
        this.queue = queue;
    }

    public void execute(JobRow job, String workerId) {
        LOG.infof("%s runs job %s", workerId, job.id());
        try {
            for (int phase = 1; phase <= JobUpdate.PHASES; phase++) {
                queue.publish(job.id(), JobEvents.Step.phase(phase, JobUpdate.phaseName(phase))).await().atMost(STEP);
            }
            queue.finish(job.id(), workerId, JobStatus.COMPLETED, "All phases done", Map.of()).await().atMost(STEP);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed", job.id());
            queue.finish(job.id(), workerId, JobStatus.FAILED, "Training stopped: " + e.getMessage(), Map.of())
                    .await().atMost(STEP);
        }
    }
}
