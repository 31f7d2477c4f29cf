package io.thunderline.trainer.run;

/**
 * A step of the job could not be stored: the attempt stops, since what the page and MLflow show must follow what is
 * stored. When the database was unreachable or did not answer in time the job goes back to the queue without using up
 * an attempt; a refusal by the database counts as a failed attempt.
 */
final class ProgressNotStored extends RuntimeException {
    ProgressNotStored(String jobId, Throwable cause) {
        super("progress of job " + jobId + " could not be stored (" + cause + ")", cause);
    }
}
