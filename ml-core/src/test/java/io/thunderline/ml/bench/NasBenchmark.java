package io.thunderline.ml.bench;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.eval.Evaluation;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.nas.ArchitectureSearch;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the architecture search at its default budget on one benchmark split and prints one
 * JSON line of results. Usage: NasBenchmark NAME TRAIN.tsv TEST.tsv [OUT.jsonl] [--verbose]
 */
public final class NasBenchmark {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        LabeledData train = TsvCorpus.read(Path.of(args[1]));
        LabeledData test = TsvCorpus.read(Path.of(args[2]));
        boolean verbose = List.of(args).contains("--verbose");
        // Defaults unless overridden with -Dnas.* (used only for tuning experiments).
        SearchSpace.Builder builder = SearchSpace.defaults().toBuilder();
        SearchSpace space = override(builder).build();
        FeatureSpec features = FeatureSpec.defaults();
        if (Integer.getInteger("nas.hashDims") != null) {
            features = features.withHashDims(Integer.getInteger("nas.hashDims"));
        }
        if (Integer.getInteger("nas.charMax") != null) {
            int max = Integer.getInteger("nas.charMax");
            features = features.withCharNgrams(max == 0 ? 0 : 3, max);
        }
        if (Integer.getInteger("nas.maxChars") != null) {
            features = features.withMaxChars(Integer.getInteger("nas.maxChars"));
        }
        long cpuStart = processCpuNanos();

        long start = System.nanoTime();
        SearchResult result = new ArchitectureSearch(space, features)
                .run(train, verbose ? new Progress() : SearchListener.NONE, CancellationToken.none());
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double trainCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;

        long predictStart = System.nanoTime();
        List<Prediction> predictions = result.model().predictAll(test.texts());
        double predictSeconds = (System.nanoTime() - predictStart) / 1e9;
        Evaluation evaluation = Evaluation.of(result.model().labels(), test.labels(), predictions);

        String json = String.format(Locale.ROOT,
                "{\"dataset\":\"%s\",\"model\":\"NAS (ml-core, default budget)\",\"accuracy\":%.4f,\"macro_f1\":%.4f,"
                        + "\"train_seconds\":%.2f,\"train_cpu_seconds\":%.2f,\"predict_seconds\":%.3f,\"train_examples_per_s\":%.1f,"
                        + "\"predict_examples_per_s\":%.1f,\"n_train\":%d,\"n_test\":%d,\"trials\":%d,"
                        + "\"best\":\"%s\"}",
                name, evaluation.accuracy(), evaluation.macroF1(), trainSeconds, trainCpuSeconds, predictSeconds,
                train.size() / trainSeconds, test.size() / predictSeconds, train.size(), test.size(),
                result.ranking().size(), result.best().architecture().describe().replace("\"", "'"));
        System.out.println(json);
        if (args.length > 3 && !args[3].startsWith("--")) {
            Files.writeString(Path.of(args[3]), json + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static SearchSpace.Builder override(SearchSpace.Builder b) {
        if (Integer.getInteger("nas.moieties") != null) {
            b.moieties(Integer.getInteger("nas.moieties"));
        }
        if (Integer.getInteger("nas.tries") != null) {
            b.tries(Integer.getInteger("nas.tries"));
        }
        if (Integer.getInteger("nas.inputWidth") != null) {
            b.inputWidth(Integer.getInteger("nas.inputWidth"));
        }
        if (Integer.getInteger("nas.epochs") != null) {
            b.epochs(Integer.getInteger("nas.epochs"));
        }
        return b;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Prints trial progress to stderr. */
    private static final class Progress implements SearchListener {
        private final long start = System.nanoTime();

        @Override
        public void onPhase(String phase, String detail) {
            log("phase " + phase + ": " + detail);
        }

        @Override
        public void onTrialStart(int trial, String architectureDescription) {
            log("trial " + trial + ": " + architectureDescription);
        }

        @Override
        public void onEpoch(int trial, int epoch, Map<String, Double> metrics) {
            log("  trial " + trial + " epoch " + epoch + " " + metrics);
        }

        private void log(String line) {
            System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
        }
    }
}
