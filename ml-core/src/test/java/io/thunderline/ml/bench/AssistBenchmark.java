package io.thunderline.ml.bench;

import io.thunderline.ml.assist.ClassificationAdvisor;
import io.thunderline.ml.assist.LabelProposer;
import io.thunderline.ml.assist.OutOfFold;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Issue 22's measurements of the assist features on a public labelled set:
 * <ol>
 *   <li>auto-labelling with the labels hidden: {@code perClass} labelled lines per label drawn from the training
 *   split, proposals for every test line; accuracy of the proposals per confidence band, the share above 0.9, and
 *   the expected calibration error (does 0.9 mean 90 %?);</li>
 *   <li>mislabel detection: 5 % of the training split's labels flipped to another label at random; precision and
 *   recall of {@link ClassificationAdvisor}'s "likely mislabelled" list against the flipped ones.</li>
 * </ol>
 * Each is repeated over {@code seeds} draws. Vectors come from FILE.vec when {@code EmbedTsv} wrote it (the same
 * encoder's vectors), otherwise from the encoder.
 *
 * <p>Usage: {@code AssistBenchmark NAME TRAIN.tsv TEST.tsv RAW.jsonl PER_CLASS SEEDS}
 */
public final class AssistBenchmark {
    static final double[] BANDS = {0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0000001};

    private AssistBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        LabeledData train = TsvCorpus.read(Path.of(args[1]));
        LabeledData test = TsvCorpus.read(Path.of(args[2]));
        Path raw = Path.of(args[3]);
        int perClass = Integer.parseInt(args[4]);
        int seeds = Integer.parseInt(args[5]);
        SentenceEncoder encoder = new CachingEncoder(withStoredVectors(MiniLmEncoder.shared(), args[1], train, args[2], test));
        long started = System.nanoTime();

        int[] bandCount = new int[BANDS.length - 1];
        int[] bandRight = new int[BANDS.length - 1];
        double[] bandConfidence = new double[BANDS.length - 1];
        int total = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            LabeledData labelled = sample(train, perClass, seed);
            LabelProposer.Proposals result = new LabelProposer(encoder).propose(labelled, test.texts());
            for (LabelProposer.Proposal p : result.proposals()) {
                int band = band(p.confidence());
                bandCount[band]++;
                bandConfidence[band] += p.confidence();
                if (p.label().equals(test.labels().get(p.index()))) {
                    bandRight[band]++;
                }
                total++;
            }
        }
        double ece = 0;
        int above90 = 0;
        int right = 0;
        List<Map<String, Object>> bands = new ArrayList<>();
        for (int b = 0; b < bandCount.length; b++) {
            if (BANDS[b] >= 0.9) {
                above90 += bandCount[b];
            }
            right += bandRight[b];
            if (bandCount[b] > 0) {
                double acc = (double) bandRight[b] / bandCount[b];
                double conf = bandConfidence[b] / bandCount[b];
                ece += (double) bandCount[b] / total * Math.abs(acc - conf);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("from", BANDS[b]);
                row.put("to", Math.min(1.0, BANDS[b + 1]));
                row.put("proposals", bandCount[b]);
                row.put("accuracy", acc);
                row.put("mean_confidence", conf);
                bands.add(row);
            }
        }
        Map<String, Object> autoLabel = new LinkedHashMap<>();
        autoLabel.put("dataset", name);
        autoLabel.put("kind", "auto_label");
        autoLabel.put("labelled_per_class", perClass);
        autoLabel.put("seeds", seeds);
        autoLabel.put("proposals", total);
        autoLabel.put("accuracy", (double) right / total);
        autoLabel.put("share_at_least_0_9", (double) above90 / total);
        autoLabel.put("ece", ece);
        autoLabel.put("bands", bands);
        append(raw, autoLabel);

        List<Double> precision = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        List<Integer> flaggedCounts = new ArrayList<>();
        List<String> names = train.labelSet();
        float[][] x = encoder.encodeAll(train.texts());
        for (int seed = 1; seed <= seeds; seed++) {
            Random random = new Random(1000L + seed);
            List<String> noisy = new ArrayList<>(train.labels());
            Set<Integer> flipped = new HashSet<>();
            int flips = Math.round(0.05f * train.size());
            while (flipped.size() < flips) {
                int i = random.nextInt(train.size());
                if (flipped.add(i)) {
                    List<String> others = new ArrayList<>(names);
                    others.remove(noisy.get(i));
                    noisy.set(i, others.get(random.nextInt(others.size())));
                }
            }
            int[] y = noisy.stream().mapToInt(names::indexOf).toArray();
            List<Integer> flagged = ClassificationAdvisor.likelyMislabelled(OutOfFold.of(x, y, names)).stream()
                    .map(ClassificationAdvisor.Flag::example).toList();
            long hits = flagged.stream().filter(flipped::contains).count();
            precision.add(flagged.isEmpty() ? 0.0 : (double) hits / flagged.size());
            recall.add((double) hits / flips);
            flaggedCounts.add(flagged.size());
        }
        Map<String, Object> mislabel = new LinkedHashMap<>();
        mislabel.put("dataset", name);
        mislabel.put("kind", "mislabel_detection");
        mislabel.put("examples", train.size());
        mislabel.put("noise", 0.05);
        mislabel.put("seeds", seeds);
        mislabel.put("precision", precision);
        mislabel.put("recall", recall);
        mislabel.put("flagged", flaggedCounts);
        mislabel.put("precision_mean", mean(precision));
        mislabel.put("precision_sd", sd(precision));
        mislabel.put("recall_mean", mean(recall));
        mislabel.put("recall_sd", sd(recall));
        mislabel.put("seconds", (System.nanoTime() - started) / 1e9);
        append(raw, mislabel);
        System.err.printf("AssistBenchmark %s: auto-label accuracy %.3f, share >= 0.9 %.3f, ECE %.3f; "
                        + "mislabel precision %.3f ± %.3f, recall %.3f ± %.3f%n", name, (double) right / total,
                (double) above90 / total, ece, mean(precision), sd(precision), mean(recall), sd(recall));
    }

    static int band(double confidence) {
        for (int b = 0; b < BANDS.length - 1; b++) {
            if (confidence < BANDS[b + 1]) {
                return b;
            }
        }
        return BANDS.length - 2;
    }

    /** {@code perClass} lines of every label (all of a label's lines if it has fewer), drawn with the seed. */
    static LabeledData sample(LabeledData data, int perClass, long seed) {
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byLabel.computeIfAbsent(data.labels().get(i), l -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> group : byLabel.values()) {
            java.util.Collections.shuffle(group, random);
            chosen.addAll(group.subList(0, Math.min(perClass, group.size())));
        }
        return data.select(chosen);
    }

    /** The encoder, answering from the vectors EmbedTsv stored for these files where it can. */
    static SentenceEncoder withStoredVectors(SentenceEncoder encoder, String trainTsv, LabeledData train, String testTsv,
                                             LabeledData test) throws IOException {
        Map<String, float[]> stored = new HashMap<>();
        load(stored, trainTsv, train);
        load(stored, testTsv, test);
        return new SentenceEncoder() {
            @Override
            public EncoderInfo info() {
                return encoder.info();
            }

            @Override
            public float[][] encodeAll(List<String> texts) {
                List<String> missing = texts.stream().filter(t -> !stored.containsKey(t)).distinct().toList();
                if (!missing.isEmpty()) {
                    float[][] v = encoder.encodeAll(missing);
                    for (int i = 0; i < missing.size(); i++) {
                        stored.put(missing.get(i), v[i]);
                    }
                }
                return texts.stream().map(stored::get).toArray(float[][]::new);
            }
        };
    }

    private static void load(Map<String, float[]> stored, String tsv, LabeledData data) throws IOException {
        Path vec = Path.of(tsv.replaceAll("\\.tsv$", "") + ".vec");
        if (!Files.isRegularFile(vec)) {
            return;
        }
        List<String> lines = Files.readAllLines(vec, StandardCharsets.UTF_8);
        if (lines.size() != data.size()) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            float[] v = new float[parts.length];
            for (int j = 0; j < parts.length; j++) {
                v[j] = Float.parseFloat(parts[j]);
            }
            stored.put(data.texts().get(i), v);
        }
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double sd(List<Double> v) {
        double m = mean(v);
        return v.size() < 2 ? 0 : Math.sqrt(v.stream().mapToDouble(d -> (d - m) * (d - m)).sum() / (v.size() - 1));
    }

    private static void append(Path raw, Map<String, Object> row) throws IOException {
        Json json = new Json();
        row.forEach(json::put);
        json.appendTo(raw);
    }
}
