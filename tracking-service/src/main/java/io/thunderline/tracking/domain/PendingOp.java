package io.thunderline.tracking.domain;

import io.vertx.core.json.JsonObject;

/** A row of pending_mlflow_ops. */
public record PendingOp(long seq, String jobId, OpKind kind, JsonObject payload, int attempts) {
}
