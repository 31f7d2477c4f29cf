package io.thunderline.ml.bench;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.embed.MiniLmEncoder;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sentence-encoder vectors of benchmark TSV files, so the "embeddings + logistic regression" baseline
 * reads exactly the vectors the NAS computes: the same {@link MiniLmEncoder#shared()} behind a
 * {@link CachingEncoder}, as the search uses it.
 * <p>Usage: {@code EmbedTsv FILE.tsv...} writes FILE.vec (one vector per example, floats separated by spaces,
 * in the order of the TSV) and FILE.vec.json (encoder identity, encoding wall/CPU time, peak RSS). One cache
 * serves all files of a call, so a text that appears in several files is encoded once (the few-shot draws are
 * subsets of the training part: list them after it).
 */
public final class EmbedTsv {

    private EmbedTsv() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: EmbedTsv FILE.tsv...");
        }
        double loadStart = System.nanoTime();
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        EncoderInfo info = encoder.info();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        for (String arg : args) {
            Path tsv = Path.of(arg);
            LabeledData data = TsvCorpus.read(tsv);
            long before = encoder.encodedTexts();
            double cpu = ProcessStats.cpuSeconds();
            long start = System.nanoTime();
            float[][] vectors = encoder.encodeAll(data.texts());
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = ProcessStats.cpuSeconds() - cpu;
            Path vec = Path.of(arg.replaceAll("\\.tsv$", "") + ".vec");
            try (BufferedWriter out = Files.newBufferedWriter(vec, StandardCharsets.UTF_8)) {
                for (float[] v : vectors) {
                    StringBuilder line = new StringBuilder(v.length * 12);
                    for (int i = 0; i < v.length; i++) {
                        if (i > 0) {
                            line.append(' ');
                        }
                        line.append(v[i]);
                    }
                    out.write(line.append('\n').toString());
                }
            }
            Json json = new Json()
                    .put("file", tsv.getFileName().toString())
                    .put("examples", data.size())
                    .put("encoded_texts", encoder.encodedTexts() - before)
                    .put("encode_seconds", seconds)
                    .put("encode_cpu_seconds", cpuSeconds)
                    .put("encoder_load_seconds", loadSeconds)
                    .put("encoder", info.name())
                    .put("encoder_version", info.version())
                    .put("encoder_sha256", info.sha256())
                    .put("dimensions", info.dimensions())
                    .put("max_chars", info.maxChars())
                    .put("peak_rss_mib", ProcessStats.peakRssMiB());
            Files.writeString(Path.of(vec + ".json"), json + "\n", StandardCharsets.UTF_8);
            System.err.printf("EmbedTsv: %s: %d vectors (%d encoded) in %.1f s%n", tsv.getFileName(), data.size(),
                    encoder.encodedTexts() - before, seconds);
        }
    }
}
