package io.thunderline.tracking.client;

/** A trained model file as trainer-service serves it. */
public record ModelFile(String fileName, byte[] content) {
}
