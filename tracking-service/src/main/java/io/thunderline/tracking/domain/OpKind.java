package io.thunderline.tracking.domain;

/** What a pending MLflow operation does. */
public enum OpKind {
    /** Create the job's run (experiment per model type, run named after the dataset) with its params and tags. */
    OPEN_RUN,
    /** Log one job update: its metrics, params and tags, and move the run's status. */
    LOG_UPDATE,
    /** Upload the trained model file and the confusion matrix as run artifacts. */
    UPLOAD_ARTIFACTS,
    /**
     * Mirror one upm.snapshots status event (stream key {@code upm:<family>}, not a job): the snapshot's run, the
     * family's history run, tags of the version it replaces (see {@link SnapshotOp}).
     */
    UPM_SNAPSHOT
}
