package io.thunderline.upm.bench;

import io.thunderline.ml.online.LabeledSparse;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;
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
        // featurise once, timed on its own (trainer-service does this before a window reaches UPM): warm-up pass, then
        // the measured one; ml-core's TextFeaturizer (the reference the fast featuriser must equal) for comparison
        TextFeaturizer reference = TextFeaturizer.unweighted(UpmFeatures.SPEC);
        featurise(texts, reference::transform);
        double referenceSeconds = featurise(texts, reference::transform);
        featurise(texts, UpmFeatures::featurize);
        double featuriseSeconds = featurise(texts, UpmFeatures::featurize);
        UpmFeatures.featurizeAll(texts);
        long p0 = System.nanoTime();
        List<SparseVector> x = UpmFeatures.featurizeAll(texts);
        double parallelSeconds = (System.nanoTime() - p0) / 1e9;
        for (int i = 0; i < x.size(); i += 97) {
            if (!x.get(i).equals(reference.transform(texts.get(i)))) {
                throw new IllegalStateException("the fast featuriser differs from the reference on text " + i);
            }
        }
        long nnz = x.stream().mapToLong(SparseVector::size).sum();
        writeFeatures(out, x, y);

        try (BufferedWriter w = Files.newBufferedWriter(results, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            w.write(json("featurise only: ml-core TextFeaturizer (the reference), single thread", "java", x.size(),
                    referenceSeconds, Double.NaN, nnz));
            w.write(json("featurise only: UpmFeatures (fast, same vectors), single thread", "java", x.size(),
                    featuriseSeconds, Double.NaN, nnz));
            w.write(json("featurise only: UpmFeatures.featurizeAll, " + UpmFeatures.THREADS + " threads", "java", x.size(),
                    parallelSeconds, Double.NaN, nnz));
            for (int classes : new int[]{2, 16}) {
                // warm-up pass on a copy so the JIT has compiled the loop, then the measured pass from scratch
                progressive(x, y, classes, labels.size(), false);
                double[] r = progressive(x, y, classes, labels.size(), false);
                w.write(json("UPM OnlineSoftmax AdaGrad lr 0.5, vectors in memory, predict + update (two calls), capacity "
                        + classes + " classes" + (classes == 16 ? " (service default)" : ""), "java", x.size(), r[1], r[0], nnz));
            }
            progressive(x, y, 16, labels.size(), true);
            double[] one = progressive(x, y, 16, labels.size(), true);
            w.write(json("UPM OnlineSoftmax AdaGrad lr 0.5, vectors in memory, predictThenUpdate (one pass, as upm-service "
                    + "trains), capacity 16", "java", x.size(), one[1], one[0], nnz));
            endToEnd(texts, y, 16, labels.size(), false);
            double[] e = endToEnd(texts, y, 16, labels.size(), false);
            w.write(json("UPM end to end: text -> UpmFeatures -> predictThenUpdate, one thread, capacity 16", "java",
                    x.size(), e[1], e[0], nnz));
            endToEnd(texts, y, 16, labels.size(), true);
            double[] ep = endToEnd(texts, y, 16, labels.size(), true);
            w.write(json("UPM end to end: windows of " + WINDOW + " texts featurised on " + UpmFeatures.THREADS
                    + " threads while the previous window is learned, capacity 16", "java", x.size(), ep[1], ep[0], nnz));
        }
    }

    /** Rows per window in the windowed end-to-end run (trainer-service's default feature window size). */
    static final int WINDOW = 32;

    static double featurise(List<String> texts, java.util.function.Function<String, SparseVector> f) {
        long t0 = System.nanoTime();
        long sink = 0;
        for (String t : texts) {
            sink += f.apply(t).size();
        }
        if (sink < 0) {
            throw new AssertionError();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * {accuracy, seconds} from text: each example featurised, then predicted and learned in one pass; the clock
     * includes the featuriser. Windowed: {@link #WINDOW} texts at a time featurised with {@code featurizeAll}, the next
     * window's while this one is learned (as trainer-service featurises windows while upm-service learns).
     */
    static double[] endToEnd(List<String> texts, List<Integer> y, int classes, int known, boolean windowed) {
        OnlineSoftmax model = new OnlineSoftmax(UpmFeatures.SPEC.hashDims(), classes, 0.5);
        int scored = OnlineSoftmax.activeFor(known, classes);
        int correct = 0;
        long t0 = System.nanoTime();
        if (!windowed) {
            for (int i = 0; i < texts.size(); i++) {
                double[] p = model.predictThenUpdate(UpmFeatures.featurize(texts.get(i)), y.get(i), scored);
                if (best(p, known) == y.get(i)) {
                    correct++;
                }
            }
        } else {
            java.util.concurrent.ExecutorService ahead = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<List<SparseVector>> next = ahead.submit(
                        () -> UpmFeatures.featurizeAll(texts.subList(0, Math.min(WINDOW, texts.size()))));
                for (int start = 0; start < texts.size(); start += WINDOW) {
                    List<SparseVector> xs = next.get();
                    int from = start + WINDOW;
                    if (from < texts.size()) {
                        next = ahead.submit(() -> UpmFeatures.featurizeAll(
                                texts.subList(from, Math.min(texts.size(), from + WINDOW))));
                    }
                    for (int i = start; i < Math.min(texts.size(), start + WINDOW); i++) {
                        double[] p = model.predictThenUpdate(xs.get(i - start), y.get(i), scored);
                        if (best(p, known) == y.get(i)) {
                            correct++;
                        }
                    }
                }
            } catch (InterruptedException | java.util.concurrent.ExecutionException ex) {
                throw new IllegalStateException(ex);
            } finally {
                ahead.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[]{(double) correct / texts.size(), seconds};
    }

    static int best(double[] p, int known) {
        int best = 0;
        for (int k = 1; k < known; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * {accuracy, seconds} of predict-then-learn over the stream: two calls (predictProba, then update: the logits
     * computed twice, as VW's predict then learn) or one pass (predictThenUpdate, as upm-service's trainer runs).
     */
    static double[] progressive(List<SparseVector> x, List<Integer> y, int classes, int known, boolean onePass) {
        OnlineSoftmax model = new OnlineSoftmax(UpmFeatures.SPEC.hashDims(), classes, 0.5);
        // as upm-service's OnlineTrainer scores: over the slots of the labels known so far
        int scored = OnlineSoftmax.activeFor(known, classes);
        int correct = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < x.size(); i++) {
            double[] p;
            if (onePass) {
                p = model.predictThenUpdate(x.get(i), y.get(i), scored);
            } else {
                p = model.predictProba(x.get(i), scored);
                model.update(List.of(new LabeledSparse(x.get(i), y.get(i))));
            }
            if (best(p, known) == y.get(i)) {
                correct++;
            }
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
