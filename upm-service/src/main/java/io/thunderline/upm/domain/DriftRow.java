package io.thunderline.upm.domain;

import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;

import java.time.Instant;

/** One drift check of a candidate against the snapshot active at the time. */
public record DriftRow(long id, ModelType family, long version, long activeVersion, double p95, double psi, int samples,
                       double threshold, DriftVerdict verdict, Instant createdAt) {
}
