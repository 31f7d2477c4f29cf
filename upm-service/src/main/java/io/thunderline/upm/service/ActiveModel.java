package io.thunderline.upm.service;

import io.thunderline.agent.AgentPrediction;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;

import java.util.List;

/** The snapshot a family serves: its version, a prediction copy of its weights, labels and weights checksum. */
public record ActiveModel(ModelType family, long version, OnlineSoftmax model, List<String> labels, String checksum) {
    public ActiveModel {
        labels = List.copyOf(labels);
    }

    /** The same rule agents use (io.thunderline.agent.AgentPrediction#of), so both sides predict alike. */
    public AgentPrediction predict(SparseVector x) {
        return AgentPrediction.of(family, version, labels, model.predictProba(x));
    }
}
