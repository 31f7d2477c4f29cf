package io.thunderline.trainer.service;

import java.util.Map;

/** What a finished training run hands to the queue: final metrics, tracked params and the model file. */
public record TrainingOutcome(Map<String, Double> metrics, Map<String, String> params, String summary, String modelKind,
                              byte[] modelFile) {
}
