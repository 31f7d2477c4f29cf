package io.thunderline.ml.bench;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.train.ClassifierTraining;
import io.thunderline.ml.train.TrainingProgress;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the architecture search at its default budget ({@code SearchSpace.defaults()}, {@code FeatureSpec.defaults()},
 * the MiniLM encoder behind a cache, as the trainer runs it) on benchmark splits. Writes the predicted label of every
 * test example to a file (bench/ml-core/score.py computes all metrics, for every model alike) and one raw JSON line
 * of costs per run.
 * <pre>
 * NasBenchmark main    NAME TRAIN.tsv TEST.tsv RAW.jsonl PRED.txt [--verbose]
 * NasBenchmark fewshot NAME TEST.tsv RAW.jsonl PRED_DIR DRAW.tsv... [--verbose]
 * </pre>
 * {@code main}: one search in a fresh JVM; its wall/CPU time includes encoding the texts (the cache starts empty).
 * {@code -Dbench.hashDims=N} replaces the hash buckets the defaults choose by data size, {@code -Dbench.hashSeed=N}
 * the hash seed (42) and {@code -Dbench.signedHashing=false} the sign of the hashing (experiments; the raw line records
 * {@code hash_dims}, {@code hash_seed} and {@code signed_hashing} either way; the "seeds" part of bench/ml-core/run.sh uses them).
 * {@code fewshot}: one search per draw in one JVM; the texts of the test part and of all draws are encoded once
 * before the first search (timed apart, field {@code pre_encode_seconds}), so the per-draw times are the search.
 */
public final class NasBenchmark {

    static final String MODEL = "NAS (ml-core, default budget: encoder choice + search)";

    private static final TrainingProgress QUIET = new TrainingProgress() {
        @Override
        public void phase(int number, String message, java.util.Map<String, String> params) {
        }

        @Override
        public void log(String level, String line) {
        }
    };

    private NasBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        boolean verbose = args.remove("--verbose");
        if (args.size() >= 6 && args.get(0).equals("main")) {
            runMain(args.get(1), Path.of(args.get(2)), Path.of(args.get(3)), Path.of(args.get(4)), Path.of(args.get(5)), verbose);
        } else if (args.size() >= 6 && args.get(0).equals("fewshot")) {
            List<Path> draws = args.subList(5, args.size()).stream().map(Path::of).toList();
            runFewShot(args.get(1), Path.of(args.get(2)), Path.of(args.get(3)), Path.of(args.get(4)), draws, verbose);
        } else {
            throw new IllegalArgumentException("usage: NasBenchmark main NAME TRAIN.tsv TEST.tsv RAW.jsonl PRED.txt | "
                    + "fewshot NAME TEST.tsv RAW.jsonl PRED_DIR DRAW.tsv...");
        }
    }

    private static void runMain(String name, Path trainFile, Path testFile, Path raw, Path predFile, boolean verbose)
            throws IOException {
        LabeledData train = TsvCorpus.read(trainFile);
        LabeledData test = TsvCorpus.read(testFile);
        // as the service runs it: the encoder is loaded, timed against the budget and used (or not) inside the training time
        Json json = run(name, train, test, null, predFile, verbose)
                .put("kind", "main")
                .put("train_file", trainFile.getFileName().toString())
                .put("test_file", testFile.getFileName().toString())
                .put("peak_rss_mib", ProcessStats.peakRssMiB())
                .put("peak_heap_mib_upper_bound", ProcessStats.peakHeapMiB())
                .put("max_heap_mib", ProcessStats.maxHeapMiB());
        System.out.println(json);
        json.appendTo(raw);
    }

    private static void runFewShot(String name, Path testFile, Path raw, Path predDir, List<Path> draws, boolean verbose)
            throws IOException {
        LabeledData test = TsvCorpus.read(testFile);
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        Set<String> texts = new LinkedHashSet<>(test.texts());
        List<LabeledData> drawData = new ArrayList<>();
        for (Path draw : draws) {
            LabeledData d = TsvCorpus.read(draw);
            drawData.add(d);
            texts.addAll(d.texts());
        }
        long start = System.nanoTime();
        encoder.encodeAll(new ArrayList<>(texts));
        double preEncodeSeconds = (System.nanoTime() - start) / 1e9;
        Files.createDirectories(predDir);
        for (int i = 0; i < draws.size(); i++) {
            String base = draws.get(i).getFileName().toString().replaceAll("\\.tsv$", "");
            Json json = run(name, drawData.get(i), test, encoder, predDir.resolve(base + ".nas.txt"), verbose)
                    .put("kind", "fewshot")
                    .put("train_file", "fewshot/" + draws.get(i).getFileName())
                    .put("test_file", testFile.getFileName().toString())
                    .put("pre_encode_seconds", preEncodeSeconds)
                    .put("pre_encoded_texts", texts.size())
                    .put("peak_rss_mib", ProcessStats.peakRssMiB())
                    .put("peak_heap_mib_upper_bound", ProcessStats.peakHeapMiB())
                    .put("max_heap_mib", ProcessStats.maxHeapMiB());
            System.out.println(json);
            json.appendTo(raw);
        }
    }

    private static Json run(String name, LabeledData train, LabeledData test, CachingEncoder encoder, Path predFile,
            boolean verbose) throws IOException {
        double cpuStart = ProcessStats.cpuSeconds();
        long start = System.nanoTime();
        ClassifierTraining.Settings settings = ClassifierTraining.Settings.defaults(train.size());
        Integer hashDims = Integer.getInteger("bench.hashDims");
        if (hashDims != null) {
            // an experiment against the default (-Dbench.hashDims=262144); recorded in the raw line
            settings = settings.withFeatures(settings.features().withHashDims(hashDims));
        }
        Long hashSeed = Long.getLong("bench.hashSeed");
        if (hashSeed != null) {
            settings = settings.withFeatures(settings.features().withSeed(hashSeed));
        }
        String signed = System.getProperty("bench.signedHashing");
        if (signed != null) {
            settings = settings.withFeatures(settings.features().withSignedHashing(Boolean.parseBoolean(signed)));
        }
        SearchResult result = new ClassifierTraining(settings)
                .search(train, verbose ? TrainingProgress.printing(System.err) : QUIET, CancellationToken.none());
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double trainCpu = ProcessStats.cpuSeconds() - cpuStart;

        TextClassifier model = result.model();
        if (encoder != null && model.encoder() != null && model.encoder().info().equals(encoder.info())) {
            model = model.withEncoder(encoder); // few-shot draws share the test texts' vectors computed up front
        }
        double predictCpuStart = ProcessStats.cpuSeconds();
        long predictStart = System.nanoTime();
        List<Prediction> predictions = model.predictAll(test.texts());
        double predictSeconds = (System.nanoTime() - predictStart) / 1e9;
        double predictCpu = ProcessStats.cpuSeconds() - predictCpuStart;
        StringBuilder lines = new StringBuilder();
        predictions.forEach(p -> lines.append(p.label()).append('\n'));
        Files.createDirectories(predFile.toAbsolutePath().getParent());
        Files.writeString(predFile, lines.toString(), StandardCharsets.UTF_8);

        return new Json()
                .put("dataset", name)
                .put("model", MODEL)
                .put("pred_file", predFile.toString())
                .put("n_train", train.size())
                .put("n_test", test.size())
                .put("train_seconds", trainSeconds)
                .put("train_cpu_seconds", trainCpu)
                .put("predict_seconds", predictSeconds)
                .put("predict_cpu_seconds", predictCpu)
                .put("train_examples_per_s", train.size() / trainSeconds)
                .put("predict_examples_per_s", test.size() / predictSeconds)
                .put("threads", Runtime.getRuntime().availableProcessors())
                .put("trials", result.ranking().size())
                .put("hash_dims", settings.features().hashDims())
                .put("hash_seed", settings.features().seed())
                .put("signed_hashing", settings.features().signedHashing())
                .put("best", result.best().architecture().describe())
                .put("best_uses_encoder", model.encoder() != null)
                .put("encoder", model.encoder() == null ? "none" : model.encoder().info().describe());
    }
}
