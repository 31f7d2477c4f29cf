package io.thunderline.dataset.service;

import java.util.List;
import java.util.Map;

/** A stored dataset version as callers see it. */
public record StoredVersion(String datasetId, String name, String modelType, int version, int rowCount,
                            Map<String, Integer> labels, String checksum, String changeSummary, List<String> warnings) {
    public List<String> labelNames() {
        return List.copyOf(labels.keySet());
    }
}
