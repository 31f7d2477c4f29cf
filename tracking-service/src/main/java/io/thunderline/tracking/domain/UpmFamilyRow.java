package io.thunderline.tracking.domain;

import java.time.Instant;

/** A UPM family as mirrored to MLflow (a row of upm_families). */
public record UpmFamilyRow(String family, Long activeVersion, Instant activeAt, Long latestVersion, String experimentId,
                           String historyRunId, String historyRunUrl) {
}
