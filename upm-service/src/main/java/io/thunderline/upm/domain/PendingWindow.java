package io.thunderline.upm.domain;

import io.thunderline.contracts.FeatureWindow;

/** A stored window with its arrival order (seq) and, once applied, its place in the trainer's order (applySeq). */
public record PendingWindow(long seq, Long applySeq, FeatureWindow window) {
}
