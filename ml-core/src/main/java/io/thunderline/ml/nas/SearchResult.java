package io.thunderline.ml.nas;

import io.thunderline.ml.model.TextClassifier;
import java.util.List;

/** The winning model and every trial, best first. */
public record SearchResult(TextClassifier model, TrialResult best, List<TrialResult> ranking, long millis) {

    public SearchResult {
        ranking = List.copyOf(ranking);
    }
}
