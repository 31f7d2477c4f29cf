package io.thunderline.trainer.client;

import io.thunderline.support.client.Refused;

import java.util.List;

/** dataset-service says the dataset (version) does not exist: final, never retried. */
public class DatasetMissing extends Refused {
    public DatasetMissing(String message) {
        super(404, null, message, List.of());
    }
}
