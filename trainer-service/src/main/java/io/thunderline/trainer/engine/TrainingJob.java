package io.thunderline.trainer.engine;

import io.thunderline.contracts.ModelType;

/** What an engine knows of the job it trains: which job, on which dataset, for which model type (not the queue's row). */
public record TrainingJob(String jobId, String datasetId, ModelType modelType) {
}
