package io.thunderline.trainer.service;

import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TrainedModel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** What a finished training run hands to the queue: final metrics, tracked params and the model file. */
public record TrainingOutcome(Map<String, Double> metrics, Map<String, String> params, String summary, String modelKind,
                              byte[] modelFile) {

    /** A trained model in ml-core's model-file format, as stored and downloaded. */
    static byte[] modelFile(TrainedModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFile.save(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
