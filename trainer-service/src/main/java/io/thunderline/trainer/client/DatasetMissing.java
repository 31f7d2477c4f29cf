package io.thunderline.trainer.client;

/** dataset-service says the dataset version does not exist: final, never retried. */
public class DatasetMissing extends RuntimeException {
    public DatasetMissing(String message) {
        super(message);
    }
}
