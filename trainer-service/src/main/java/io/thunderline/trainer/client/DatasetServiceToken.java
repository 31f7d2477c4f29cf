package io.thunderline.trainer.client;

import io.thunderline.support.identity.ServiceToken;

/** The trainer reads datasets for itself (a run's CSV, a schedule's dataset): a service token for dataset-service. */
public class DatasetServiceToken extends ServiceToken {
    public DatasetServiceToken() {
        super("dataset-service");
    }
}
