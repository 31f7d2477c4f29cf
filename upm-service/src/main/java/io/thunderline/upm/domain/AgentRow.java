package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;

import java.time.Instant;

/** What an agent holds for a family, against the family's active version. */
public record AgentRow(String agentId, ModelType family, Long appliedVersion, Long activeVersion, boolean synced,
                       boolean live, String lastError, Instant lastErrorAt, Instant appliedAt, Instant lastSeen) {
}
