package io.thunderline.upm.bench;

import io.thunderline.ml.online.LabeledSparse;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.UpmFeatures;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The UPM online learner on a labelled text stream in arrival order, with progressive validation (each example is
 * predicted before the learner sees its label): accuracy and examples/s. Also writes the same hashed features for the
 * Python baselines (Vowpal Wabbit, River), so every learner sees identical inputs.
 *
 * <pre>java ... OnlineLearnerBenchmark STREAM.tsv OUT_DIR RESULTS.jsonl</pre>
 * STREAM.tsv lines: label TAB text (backslash escapes as in bench/ml-core/out).
 */
public final class OnlineLearnerBenchmark {
    private OnlineLearnerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path stream = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path results = Path.of(args[2]);
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (String line : Files.readAllLines(stream, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            String label = line.substring(0, tab);
            if (!labels.contains(label)) {
                labels.add(label);
            }
            texts.add(unescape(line.substring(tab + 1)));
            y.add(labels.indexOf(label));
        }
        // featurise once, timed on its own (trainer-service does this before a window reaches UPM)
        List<SparseVector> x = new ArrayList<>(texts.size());
        long f0 = System.nanoTime();
        for (String t : texts) {
            x.add(UpmFeatures.featurize(t));
        }
        double featuriseSeconds = (System.nanoTime() - f0) / 1e9;
        long nnz = x.stream().mapToLong(SparseVector::size).sum();
        writeFeatures(out, x, y);

        try (BufferedWriter w = Files.newBufferedWriter(results, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            w.write(json("featurise (UpmFeatures, single thread)", "java", x.size(), featuriseSeconds, Double.NaN, nnz));
            for (int classes : new int[]{2, 16}) {
                // warm-up pass on a copy so the JIT has compiled the loop, then the measured pass from scratch
                progressive(x, y, classes, labels.size());
                double[] r = progressive(x, y, classes, labels.size());
                w.write(json("UPM OnlineSoftmax AdaGrad lr 0.5, " + classes + " class slots"
                        + (classes == 16 ? " (service default)" : ""), "java", x.size(), r[1], r[0], nnz));
            }
        }
    }

    /** {accuracy, seconds} of predict-then-learn over the stream. */
    static double[] progressive(List<SparseVector> x, List<Integer> y, int classes, int known) {
        OnlineSoftmax model = new OnlineSoftmax(UpmFeatures.SPEC.hashDims(), classes, 0.5);
        int correct = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < x.size(); i++) {
            // as upm-service's OnlineTrainer scores: over the slots of the labels known so far
            double[] p = model.predictProba(x.get(i), OnlineSoftmax.activeFor(known, classes));
            int best = 0;
            for (int k = 1; k < known; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            if (best == y.get(i)) {
                correct++;
            }
            model.update(List.of(new LabeledSparse(x.get(i), y.get(i))));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[]{(double) correct / x.size(), seconds};
    }

    /** features.txt: "label idx:val idx:val ..." (label 0/1...), read by the Python baselines. */
    static void writeFeatures(Path out, List<SparseVector> x, List<Integer> y) throws IOException {
        Files.createDirectories(out);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("features.txt"), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < x.size(); i++) {
                line.setLength(0);
                line.append(y.get(i));
                SparseVector v = x.get(i);
                for (int j = 0; j < v.size(); j++) {
                    line.append(' ').append(v.indices()[j]).append(':').append(v.values()[j]);
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    static String json(String learner, String runtime, int examples, double seconds, double accuracy, long nnz) {
        return String.format(Locale.ROOT, "{\"learner\": \"%s\", \"runtime\": \"%s\", \"examples\": %d, \"seconds\": %.3f, "
                        + "\"examples_per_second\": %.1f, \"progressive_accuracy\": %s, \"mean_nnz\": %.1f}%n",
                learner, runtime, examples, seconds, examples / seconds,
                Double.isNaN(accuracy) ? "null" : String.format(Locale.ROOT, "%.4f", accuracy), (double) nnz / examples);
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
