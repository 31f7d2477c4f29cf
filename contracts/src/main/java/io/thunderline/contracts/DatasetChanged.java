package io.thunderline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * datasets.events: DatasetCreated (version 1) and DatasetVersioned (version n+1) share this body; the CloudEvent
 * type tells them apart ({@link EventType#DATASET_CREATED}, {@link EventType#DATASET_VERSIONED}).
 */
public record DatasetChanged(
        int schemaVersion,
        String datasetId,
        String name,
        int version,
        ModelType modelType,
        int rowCount,
        List<String> labels,
        String checksum,
        String changeSummary,
        Instant at) {

    public DatasetChanged {
        Require.schemaVersion(schemaVersion);
        Require.present(datasetId, "datasetId");
        Require.present(name, "name");
        Require.atLeast(version, 1, "version");
        Require.present(modelType, "modelType");
        Require.atLeast(rowCount, 0, "rowCount");
        labels = labels == null ? List.of() : List.copyOf(labels);
        Require.present(checksum, "checksum");
        Require.present(at, "at");
    }

    public EventType eventType() {
        return version == 1 ? EventType.DATASET_CREATED : EventType.DATASET_VERSIONED;
    }
}
