package io.thunderline.tracking.client;

/** A trained model file as its job's modelUrl serves it. */
public record ModelFile(String fileName, byte[] content) {
}
