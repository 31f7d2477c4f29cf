package io.thunderline.ml.model;

import java.util.Map;

/** The most likely label, its probability, and the probability of every label (label order). */
public record Prediction(String label, double probability, Map<String, Double> probabilities) {
}
