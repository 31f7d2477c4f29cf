package io.thunderline.ml.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Texts with their labels, index-aligned. */
public record LabeledData(List<String> texts, List<String> labels) {

    public LabeledData {
        texts = List.copyOf(texts);
        labels = List.copyOf(labels);
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.size() + " labels");
        }
    }

    public int size() {
        return texts.size();
    }

    /** The distinct labels in sorted order: the class index of a label is its position here. */
    public List<String> labelSet() {
        return List.copyOf(new TreeSet<>(labels));
    }

    public LabeledData select(List<Integer> indices) {
        List<String> t = new ArrayList<>(indices.size());
        List<String> l = new ArrayList<>(indices.size());
        for (int i : indices) {
            t.add(texts.get(i));
            l.add(labels.get(i));
        }
        return new LabeledData(t, l);
    }

    /** This data followed by {@code other}. */
    public LabeledData concat(LabeledData other) {
        List<String> t = new ArrayList<>(texts);
        t.addAll(other.texts);
        List<String> l = new ArrayList<>(labels);
        l.addAll(other.labels);
        return new LabeledData(t, l);
    }
}
