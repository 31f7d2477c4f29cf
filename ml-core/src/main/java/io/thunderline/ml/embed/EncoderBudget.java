package io.thunderline.ml.embed;

import java.util.List;

/**
 * Decides whether sentence vectors fit a training's time budget, and how much of each text they
 * may read. The encoder's cost grows with text length and is paid once per text, so it is
 * measured on a sample of the data itself (as process CPU time over the cores, so the choice does not
 * depend on what else the machine runs at that moment): the full cut when it fits the share of the budget,
 * else the longest shorter cut that does, else no encoder (the search then uses n-grams only,
 * which on thousands of examples lose little).
 *
 * @param budgetMillis whole time budget of the training
 * @param share        part of it the encoder may take (e.g. 0.4)
 */
public record EncoderBudget(long budgetMillis, double share) {

    /** The choice and why, for the job log. */
    public record Choice(SentenceEncoder encoder, String reason) {
        public boolean encodes() {
            return encoder != null;
        }
    }

    private static final int[] CUTS = {MiniLmEncoder.MAX_CHARS, 500, 250, 125};
    private static final int SAMPLE = 48;

    public EncoderBudget {
        if (budgetMillis < 1 || !(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("budgetMillis must be positive and share in (0, 1]");
        }
    }

    public Choice choose(MiniLmEncoder encoder, List<String> texts) {
        double allowed = budgetMillis * share;
        if (texts.size() <= SAMPLE) {
            return new Choice(encoder, texts.size() + " texts: encoded in full");
        }
        List<String> sample = spread(texts);
        encoder.encodeAll(sample.subList(0, Math.min(8, sample.size()))); // first call pays ONNX warm-up
        // the longest cut first; if it does not fit, the shortest decides whether any cut can (two probes then)
        int shortest = CUTS[CUTS.length - 1];
        Choice full = probe(encoder, CUTS[0], sample, texts.size(), allowed);
        if (full.encodes()) {
            return full;
        }
        Choice least = probe(encoder, shortest, sample, texts.size(), allowed);
        if (!least.encodes()) {
            return least;
        }
        for (int i = 1; i < CUTS.length - 1; i++) {
            Choice middle = probe(encoder, CUTS[i], sample, texts.size(), allowed);
            if (middle.encodes()) {
                return middle;
            }
        }
        return least;
    }

    private static Choice probe(MiniLmEncoder encoder, int cut, List<String> sample, int total, double allowed) {
        MiniLmEncoder candidate = encoder.truncatedTo(cut);
        long wall0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        candidate.encodeAll(sample);
        long cpu = processCpuNanos() - cpu0;
        // CPU time over the cores is what the encoding costs this machine when nothing else runs: the choice
        // does not flip with the load of the moment (wall time is the fallback where CPU time is not measured)
        double millis = cpu0 >= 0 && cpu > 0 ? cpu / 1e6 / Runtime.getRuntime().availableProcessors()
                : (System.nanoTime() - wall0) / 1e6;
        double projected = millis / sample.size() * total;
        if (projected <= allowed) {
            return new Choice(candidate, String.format("%d texts at ≤ %d chars: about %.0f s of %.0f s allowed",
                    total, cut, projected / 1000, allowed / 1000));
        }
        return new Choice(null, String.format("%d texts would take about %.0f s to encode at %d chars, more than the "
                + "%.0f s allowed: searching hashed n-grams only", total, projected / 1000, cut, allowed / 1000));
    }

    /** CPU time of the whole process (ONNX Runtime's native threads included), or -1 where unavailable. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Every k-th text, so the sample has the data's mix of lengths. */
    private static List<String> spread(List<String> texts) {
        int step = Math.max(1, texts.size() / SAMPLE);
        return java.util.stream.IntStream.range(0, SAMPLE).mapToObj(i -> texts.get(Math.min(texts.size() - 1, i * step))).toList();
    }
}
