package io.thunderline.ml.model;

import java.io.IOException;

/** A model file that cannot be used: wrong magic, unsupported version, truncated or corrupted. */
public final class ModelFileException extends IOException {

    public ModelFileException(String message) {
        super(message);
    }
}
