package io.thunderline.ml.assist;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.SentenceEncoder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.thunderline.ml.assist.TextShape.quote;

/**
 * Checks a labelled prompt before it is trained and lists concrete improvements: class imbalance, duplicates within a
 * label and across labels, near-duplicates (sentence-vector cosine), examples that are likely mislabelled, too short
 * or too long examples, and the labels a model confuses most.
 *
 * <p>Likely mislabelled follows confident learning (Northcutt, Jiang and Chuang, JAIR 2021): every example is scored
 * out of fold; label j's threshold is the mean probability of j over the examples labelled j; an example labelled i
 * whose most probable label among those above their thresholds is some j ≠ i is flagged, with the fix "relabel as
 * j", the least self-confident first.
 */
public final class ClassificationAdvisor {
    /** A label with at most a third of the most common label's examples is under-represented. */
    static final double IMBALANCE_RATIO = 3.0;
    /** Report a confused pair when the out-of-fold errors between them are at least this share of the smaller label. */
    static final double CONFUSED_SHARE = 0.1;

    private final SentenceEncoder encoder;

    public ClassificationAdvisor(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    public List<Suggestion> check(LabeledData data) {
        List<String> names = data.labelSet();
        List<Suggestion> out = new ArrayList<>();
        imbalance(data, names, out);
        duplicates(data, out);
        TextShape.tooShort(data.texts()).forEach(i -> out.add(new Suggestion(Suggestion.Kind.TOO_SHORT,
                quote(data.texts().get(i)) + " has fewer than " + TextShape.MIN_WORDS
                        + " words: a model learns little from it; write a whole sentence", List.of(i), null)));
        TextShape.tooLong(data.texts()).forEach(i -> out.add(new Suggestion(Suggestion.Kind.TOO_LONG,
                quote(data.texts().get(i)) + " is " + data.texts().get(i).length()
                        + " characters, far longer than the others: split it or keep the part that shows the label",
                List.of(i), null)));
        if (names.size() < 2) {
            return out;
        }
        float[][] x = encoder.encodeAll(data.texts());
        nearDuplicates(data, x, out);
        int[] y = data.labels().stream().mapToInt(names::indexOf).toArray();
        OutOfFold oof = OutOfFold.of(x, y, names);
        if (oof != null) {
            mislabelled(data, names, oof, out);
            confused(names, oof, data, out);
        }
        return out;
    }

    private static void imbalance(LabeledData data, List<String> names, List<Suggestion> out) {
        int[] counts = new int[names.size()];
        data.labels().forEach(l -> counts[names.indexOf(l)]++);
        int most = 0;
        for (int c = 1; c < counts.length; c++) {
            most = counts[c] > counts[most] ? c : most;
        }
        for (int c = 0; c < counts.length; c++) {
            if (counts[most] >= IMBALANCE_RATIO * counts[c]) {
                int label = c;
                List<Integer> examples = new ArrayList<>();
                for (int i = 0; i < data.size(); i++) {
                    if (data.labels().get(i).equals(names.get(label))) {
                        examples.add(i);
                    }
                }
                out.add(Suggestion.of(Suggestion.Kind.IMBALANCE, names.get(c) + " has " + counts[c] + " example"
                        + (counts[c] == 1 ? "" : "s") + ", " + names.get(most) + " " + counts[most]
                        + ": add examples of " + names.get(c) + " (a model leans to the label it saw most)", examples));
            }
        }
    }

    private static void duplicates(LabeledData data, List<Suggestion> out) {
        for (List<Integer> group : TextShape.exactDuplicates(data.texts())) {
            Set<String> labels = new LinkedHashSet<>();
            group.forEach(i -> labels.add(data.labels().get(i)));
            String text = quote(data.texts().get(group.get(0)));
            if (labels.size() > 1) {
                out.add(Suggestion.of(Suggestion.Kind.CONFLICTING_DUPLICATE, text + " is labelled " + String.join(" and ", labels)
                        + ": keep the one right label", group));
            } else {
                for (int i : group.subList(1, group.size())) {
                    out.add(new Suggestion(Suggestion.Kind.DUPLICATE, text + " appears " + group.size()
                            + " times: a repeat weighs it more without teaching anything new", List.of(group.get(0), i),
                            Suggestion.Fix.remove(i)));
                }
            }
        }
    }

    private static void nearDuplicates(LabeledData data, float[][] x, List<Suggestion> out) {
        for (int[] pair : TextShape.nearDuplicates(data.texts(), x)) {
            String a = data.labels().get(pair[0]);
            String b = data.labels().get(pair[1]);
            String texts = quote(data.texts().get(pair[0])) + " and " + quote(data.texts().get(pair[1]));
            out.add(a.equals(b)
                    ? new Suggestion(Suggestion.Kind.NEAR_DUPLICATE, texts + " say nearly the same: keep one, or vary "
                    + "the wording", List.of(pair[0], pair[1]), Suggestion.Fix.remove(pair[1]))
                    : Suggestion.of(Suggestion.Kind.CONFLICTING_DUPLICATE, texts + " say nearly the same but are "
                    + "labelled " + a + " and " + b + ": check which label is right", List.of(pair[0], pair[1])));
        }
    }

    /** An example confident learning flags, and the label it would rather have. */
    public record Flag(int example, int suggested) {
    }

    /**
     * The examples confident learning flags, least self-confident first, each with the label that flagged it (the most
     * probable among those above their thresholds, which need not be the plain most probable one).
     */
    public static List<Flag> likelyMislabelled(OutOfFold oof) {
        int n = oof.labels().length;
        double[][] p = new double[n][];
        double[] threshold = new double[oof.classes()];
        int[] count = new int[oof.classes()];
        for (int i = 0; i < n; i++) {
            p[i] = oof.probabilities(i, 1.0);
            threshold[oof.labels()[i]] += p[i][oof.labels()[i]];
            count[oof.labels()[i]]++;
        }
        for (int c = 0; c < threshold.length; c++) {
            threshold[c] = count[c] == 0 ? 1 : threshold[c] / count[c];
        }
        List<Flag> flagged = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int c = 0; c < threshold.length; c++) {
                if (p[i][c] >= threshold[c] && (best < 0 || p[i][c] > p[i][best])) {
                    best = c;
                }
            }
            if (best >= 0 && best != oof.labels()[i]) {
                flagged.add(new Flag(i, best));
            }
        }
        flagged.sort(Comparator.comparingDouble(f -> p[f.example()][oof.labels()[f.example()]]));
        return flagged;
    }

    private static void mislabelled(LabeledData data, List<String> names, OutOfFold oof, List<Suggestion> out) {
        for (Flag flag : likelyMislabelled(oof)) {
            int i = flag.example();
            double chance = oof.probabilities(i, 1.0)[flag.suggested()];
            String label = names.get(flag.suggested());
            out.add(new Suggestion(Suggestion.Kind.LIKELY_MISLABELLED, quote(data.texts().get(i)) + " is labelled "
                    + data.labels().get(i) + ", but a model trained on the other examples says " + label
                    + String.format(" (%.0f %%)", 100 * chance) + ": check its label", List.of(i),
                    Suggestion.Fix.relabel(i, label)));
        }
    }

    private static void confused(List<String> names, OutOfFold oof, LabeledData data, List<Suggestion> out) {
        int k = names.size();
        int[][] errors = new int[k][k];
        int[] count = new int[k];
        for (int i = 0; i < oof.labels().length; i++) {
            double[] p = oof.probabilities(i, 1.0);
            int predicted = 0;
            for (int c = 1; c < k; c++) {
                predicted = p[c] > p[predicted] ? c : predicted;
            }
            count[oof.labels()[i]]++;
            if (predicted != oof.labels()[i]) {
                errors[oof.labels()[i]][predicted]++;
            }
        }
        int bestA = -1;
        int bestB = -1;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                if (bestA < 0 || errors[a][b] + errors[b][a] > errors[bestA][bestB] + errors[bestB][bestA]) {
                    bestA = a;
                    bestB = b;
                }
            }
        }
        int mixed = errors[bestA][bestB] + errors[bestB][bestA];
        if (mixed >= 2 && mixed >= CONFUSED_SHARE * Math.min(count[bestA], count[bestB])) {
            List<Integer> examples = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                String l = data.labels().get(i);
                if (l.equals(names.get(bestA)) || l.equals(names.get(bestB))) {
                    examples.add(i);
                }
            }
            out.add(Suggestion.of(Suggestion.Kind.CONFUSED_CLASSES, names.get(bestA) + " and " + names.get(bestB)
                    + " are confused most (" + mixed + " of their " + (count[bestA] + count[bestB]) + " examples "
                    + "go to the other in " + oof.folds() + "-fold cross-validation): add examples that show the "
                    + "difference", examples));
        }
    }
}
