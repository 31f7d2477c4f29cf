package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;

import java.time.Instant;

/** One kept ack of an agent: a version it applied, or an adapter it refused and why. */
public record AckRow(String agentId, ModelType family, long version, boolean applied, String error, Instant ackedAt) {
}
