package io.thunderline.trainer.run;

/**
 * This attempt no longer holds its job (its heartbeat expired and the job was rescued, or it was cancelled meanwhile):
 * the attempt stops and publishes nothing more, so two attempts never report on one job.
 */
final class ClaimLost extends RuntimeException {
    ClaimLost(String jobId, String workerId, int attempt) {
        super("attempt " + attempt + " of job " + jobId + " by " + workerId + " no longer holds the job");
    }
}
