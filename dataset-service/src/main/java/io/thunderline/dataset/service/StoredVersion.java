package io.thunderline.dataset.service;

import java.util.List;
import java.util.Map;

/** The answer to a submission: the stored dataset version (POST /datasets and POST /datasets/upload). */
public record StoredVersion(String datasetId, String name, String modelType, int version, int rowCount,
                            Map<String, Integer> labels, String checksum, String changeSummary, List<String> warnings) {
}
