package io.thunderline.ml.embed;

import java.util.List;

/**
 * A pretrained text encoder: text → fixed-width dense vector (L2-normalised), the same vector
 * for the same text every time. Implementations are thread-safe.
 */
public interface SentenceEncoder {

    /** Name, version and checksum of the pretrained weights, recorded in every model that uses them. */
    EncoderInfo info();

    /** One vector per text, in order. */
    float[][] encodeAll(List<String> texts);

    default float[] encode(String text) {
        return encodeAll(List.of(text))[0];
    }

    /** The encoder without caches or other wrappers: what a model keeps for predicting. */
    default SentenceEncoder unwrapped() {
        return this;
    }

    default int dimensions() {
        return info().dimensions();
    }
}
