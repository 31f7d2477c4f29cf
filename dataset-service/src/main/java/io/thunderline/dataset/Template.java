package io.thunderline.dataset;

import io.thunderline.contracts.ModelType;

/** A prompt from the templates library: text a person can start from, valid as it stands. */
public record Template(String id, String name, ModelType modelType, String description, String text) {
}
