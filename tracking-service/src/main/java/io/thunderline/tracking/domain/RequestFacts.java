package io.thunderline.tracking.domain;

import io.thunderline.contracts.TrainingRequested;

import java.time.Instant;

/** The facts of a job's training request that go into its run (from the request on the job's first update). */
public record RequestFacts(String jobId, boolean trackMlflow, String modelType, String priority, boolean useUpm,
                           String datasetId, int datasetVersion, String createdBy, String promptPreview,
                           Instant requestedAt) {

    public static RequestFacts of(TrainingRequested r) {
        return new RequestFacts(r.jobId(), r.trackMlflow(), r.modelType().wireName(), r.priority().wireName(),
                r.useUpm(), r.datasetId(), r.datasetVersion(), r.createdBy(), r.promptPreview(), r.requestedAt());
    }
}
