package io.thunderline.ml.assist;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.SentenceEncoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Auto-labelling from a few labelled lines: every unlabelled line gets the label a logistic regression on sentence
 * vectors gives it, with a confidence that means what it says — the probabilities are tempered so that, on the
 * labelled lines' own out-of-fold predictions, they fit what happened (temperature scaling). Proposals come sorted by
 * confidence, highest first.
 */
public final class LabelProposer {
    private final SentenceEncoder encoder;

    public LabelProposer(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    /**
     * @param index        the line's position among the unlabelled lines given
     * @param alternatives every label with its probability, most likely first
     */
    public record Proposal(int index, String text, String label, double confidence, List<Scored> alternatives) {
    }

    public record Scored(String label, double probability) {
    }

    /**
     * @param calibrated  whether the temperature was fitted (needs 2+ labelled lines per label); otherwise 1 and the
     *                    confidence is the raw model probability
     */
    public record Proposals(List<Proposal> proposals, List<String> labels, double temperature, boolean calibrated,
                            int labelledLines) {
    }

    public Proposals propose(LabeledData labelled, List<String> unlabelled) {
        List<String> names = labelled.labelSet();
        if (names.size() < 2) {
            throw new IllegalArgumentException("auto-labelling needs labelled lines of at least 2 labels, got "
                    + names.size() + (names.isEmpty() ? "" : " (" + names.get(0) + ")"));
        }
        int[] y = labelled.labels().stream().mapToInt(names::indexOf).toArray();
        float[][] x = encoder.encodeAll(labelled.texts());
        OutOfFold oof = OutOfFold.of(x, y, names);
        double temperature = oof == null ? 1.0 : oof.calibratedTemperature();
        EmbeddingClassifier model = EmbeddingClassifier.fit(x, y, names.size()).withTemperature(temperature);
        float[][] u = encoder.encodeAll(unlabelled);
        List<Proposal> proposals = new ArrayList<>(u.length);
        for (int i = 0; i < u.length; i++) {
            double[] p = model.probabilities(u[i]);
            List<Scored> ranked = new ArrayList<>(p.length);
            for (int c = 0; c < p.length; c++) {
                ranked.add(new Scored(names.get(c), p[c]));
            }
            ranked.sort(Comparator.comparingDouble(Scored::probability).reversed());
            proposals.add(new Proposal(i, unlabelled.get(i), ranked.get(0).label(), ranked.get(0).probability(),
                    List.copyOf(ranked)));
        }
        proposals.sort(Comparator.comparingDouble(Proposal::confidence).reversed().thenComparingInt(Proposal::index));
        return new Proposals(List.copyOf(proposals), names, temperature, oof != null, labelled.size());
    }
}
