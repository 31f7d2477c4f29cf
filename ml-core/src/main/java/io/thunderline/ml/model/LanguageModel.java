package io.thunderline.ml.model;

import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.Softmax;
import io.thunderline.ml.text.PromptContextFeaturizer;
import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small neural character language model conditioned on an instruction: it predicts the
 * next character of a response from the prompt's words and the response so far.
 * The vocabulary's first symbol ends a response, the second stands for unknown characters.
 * Thread-safe for prediction.
 */
public final class LanguageModel implements TrainedModel {

    static final char END = '\u0003';
    static final char UNKNOWN = '\uFFFD';

    private final PromptContextFeaturizer featurizer;
    private final String vocabulary;
    private final Network network;
    private final Map<String, String> provenance;

    public LanguageModel(PromptContextFeaturizer featurizer, String vocabulary, Network network, Map<String, String> provenance) {
        if (vocabulary.length() < 3 || vocabulary.charAt(0) != END || vocabulary.charAt(1) != UNKNOWN) {
            throw new IllegalArgumentException("vocabulary must start with the end and unknown symbols");
        }
        if (network.architecture().classes() != vocabulary.length()) {
            throw new IllegalArgumentException("network predicts " + network.architecture().classes()
                    + " symbols, vocabulary has " + vocabulary.length());
        }
        this.featurizer = featurizer;
        this.vocabulary = vocabulary;
        this.network = network;
        this.provenance = Map.copyOf(provenance);
    }

    /** Symbol id of a character (unknown characters map to the unknown symbol). */
    int symbolOf(char c) {
        int i = vocabulary.indexOf(c, 2);
        return i < 0 ? 1 : i;
    }

    /** Probability of each vocabulary symbol following {@code soFar} in the answer to {@code prompt}. */
    public double[] nextSymbolProbabilities(String prompt, String soFar) {
        return probabilities(featurizer.promptBuckets(prompt), soFar);
    }

    private double[] probabilities(int[] promptBuckets, CharSequence soFar) {
        SparseVector x = featurizer.features(promptBuckets, soFar);
        return Softmax.rows(network.forward(List.of(x), false)).row(0);
    }

    /**
     * Continues the answer to {@code prompt} for at most {@code maxChars} characters, stopping
     * at the end symbol. temperature == 0 is greedy; otherwise symbols are sampled from
     * softmax(logits / temperature) with a generator seeded by {@code seed}.
     */
    public String complete(String prompt, int maxChars, double temperature, long seed) {
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0");
        }
        int[] promptBuckets = featurizer.promptBuckets(prompt);
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        while (out.length() < maxChars) {
            double[] p = probabilities(promptBuckets, out);
            int symbol = temperature == 0 ? greedy(p) : sample(p, temperature, random);
            if (symbol == 0) {
                break;
            }
            if (symbol != 1) {
                out.append(vocabulary.charAt(symbol));
            } else {
                out.append(UNKNOWN);
            }
        }
        return out.toString();
    }

    /** Loss (nats per symbol, the end symbol included) and perplexity on prompt/response pairs. */
    public LanguageModelEvaluation evaluate(List<PromptResponse> pairs) {
        List<SparseVector> features = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (PromptResponse pair : pairs) {
            LanguageModelTrainer.addExamples(this, featurizer, pair, Integer.MAX_VALUE, features, targets);
        }
        double loss = 0;
        int chunk = 512;
        for (int start = 0; start < features.size(); start += chunk) {
            int end = Math.min(features.size(), start + chunk);
            var p = Softmax.rows(network.forward(features.subList(start, end), false));
            for (int r = 0; r < end - start; r++) {
                loss -= Math.log(Math.max(p.get(r, targets.get(start + r)), 1e-12));
            }
        }
        double mean = features.isEmpty() ? 0 : loss / features.size();
        return new LanguageModelEvaluation(mean, Math.exp(mean), features.size());
    }

    private static int greedy(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sample(double[] p, double temperature, SplittableRandom random) {
        double[] scaled = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            scaled[i] = Math.log(Math.max(p[i], 1e-300)) / temperature;
        }
        double[] q = Softmax.of(scaled);
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < q.length; i++) {
            cumulative += q[i];
            if (u < cumulative) {
                return i;
            }
        }
        return q.length - 1;
    }

    public PromptContextFeaturizer featurizer() {
        return featurizer;
    }

    public String vocabulary() {
        return vocabulary;
    }

    public Network network() {
        return network;
    }

    @Override
    public Map<String, String> provenance() {
        return provenance;
    }
}
