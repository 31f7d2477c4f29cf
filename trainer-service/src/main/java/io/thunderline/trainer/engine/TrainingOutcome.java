package io.thunderline.trainer.engine;

import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TrainedModel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** What a finished training run hands to the queue: final metrics, tracked params and the model file. */
public record TrainingOutcome(Map<String, Double> metrics, Map<String, String> params, String summary, String modelKind,
                              byte[] modelFile) {

    public String modelSha256() {
        return sha256(modelFile);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
