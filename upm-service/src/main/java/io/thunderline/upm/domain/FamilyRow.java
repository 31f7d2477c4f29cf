package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;

import java.util.List;

/** A family the online learner knows: its feature dims, class slots, label vocabulary and the snapshot it grows from. */
public record FamilyRow(ModelType family, int dims, int labelCapacity, List<String> labels, Long headVersion,
                        long nextApplySeq) {
    public FamilyRow {
        labels = List.copyOf(labels);
    }
}
