package io.thunderline.dataset.service;

/**
 * What a submission did: {@code created} is false when the submission repeated the latest version exactly, so no
 * version was made and no event sent ({@code version} is then that latest version).
 */
public record CreateOutcome(StoredVersion version, boolean created) {
}
