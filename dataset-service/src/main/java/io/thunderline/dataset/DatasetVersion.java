package io.thunderline.dataset;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a dataset: what was stored, its SHA-256 (of the canonical CSV, {@code csvBytes} long) and what
 * changed compared with the version before.
 */
public record DatasetVersion(String datasetId, int version, int rowCount, Map<String, Integer> labels,
                             String checksum, long csvBytes, String task, String changeSummary, String source,
                             String createdBy, Instant createdAt) {
}
