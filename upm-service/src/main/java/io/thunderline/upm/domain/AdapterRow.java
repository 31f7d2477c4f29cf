package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;

import java.time.Instant;

/** One adapter published to upm.adapters and why (activation, rollback, override, resend). */
public record AdapterRow(long id, ModelType family, long version, Long baseVersion, String kind, String checksum,
                         String encoding, int payloadBytes, int changedWeights, String reason, Instant publishedAt) {
}
