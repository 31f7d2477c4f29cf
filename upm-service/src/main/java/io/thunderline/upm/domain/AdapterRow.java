package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;

import java.time.Instant;
import java.util.List;

/**
 * One adapter published to upm.adapters and why (activation, rollback, override, resend, canary); {@code targets} names
 * the agents a canary adapter is for (null: every agent of the family).
 */
public record AdapterRow(long id, ModelType family, long version, Long baseVersion, String kind, String checksum,
                         String encoding, int payloadBytes, int changedWeights, String reason, Instant publishedAt,
                         List<String> targets) {
}
