package io.thunderline.ml.model;

import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.EncodedData;
import io.thunderline.ml.nas.NetworkTrainer;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.TrainingConfig;
import io.thunderline.ml.nas.TrainingOutcome;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.UnitRef;
import io.thunderline.ml.nn.UnitSpec;
import io.thunderline.ml.text.PromptContextFeaturizer;
import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains a {@link LanguageModel} on prompt/response pairs: every character of every
 * response (plus the end symbol) is one example. Network: input projection → one hidden
 * unit → output over the vocabulary, which also reads the projection directly.
 */
public final class LanguageModelTrainer {

    private final LanguageModelConfig config;

    public LanguageModelTrainer(LanguageModelConfig config) {
        this.config = config;
    }

    public LanguageModel train(List<PromptResponse> pairs, SearchListener listener, CancellationToken cancel) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        String vocabulary = vocabularyOf(pairs);
        PromptContextFeaturizer featurizer = new PromptContextFeaturizer(config.hashDims(), config.contextChars(), config.seed());
        Architecture architecture = new Architecture(config.hashDims(), config.inputWidth(), List.of(
                List.of(new UnitSpec(config.hiddenNeurons(), List.of(UnitRef.INPUT))),
                List.of(new UnitSpec(vocabulary.length(), List.of(UnitRef.INPUT, new UnitRef(1, 0))))),
                config.activation(), 0, vocabulary.length());
        Network network = new Network(architecture, config.seed());
        LanguageModel model = new LanguageModel(featurizer, vocabulary, network, Map.of());

        List<SparseVector> features = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (PromptResponse pair : pairs) {
            addExamples(model, featurizer, pair, config.maxResponseChars(), features, targets);
        }
        int[] labels = targets.stream().mapToInt(Integer::intValue).toArray();
        listener.onPhase("train", features.size() + " characters, vocabulary " + vocabulary.length());
        listener.onTrialStart(0, architecture.describe());
        TrainingConfig training = new TrainingConfig(config.epochs(), config.batchSize(), 10, config.learningRate(),
                config.weightDecay(), config.seed());
        TrainingOutcome outcome = new NetworkTrainer(training, listener, cancel, 0)
                .train(network, new EncodedData(features, labels), null);
        listener.onTrialEnd(0, outcome.bestEpoch(), outcome.bestMetrics());
        network.roundToFloat();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "ml-core LanguageModelTrainer");
        provenance.put("pairs", Integer.toString(pairs.size()));
        provenance.put("characters", Integer.toString(features.size()));
        provenance.put("config", config.toString());
        provenance.put("seed", Long.toString(config.seed()));
        provenance.put("trainingLoss", Double.toString(outcome.bestMetrics().get("loss")));
        return new LanguageModel(featurizer, vocabulary, network, provenance);
    }

    /** One example per response character and one for the end symbol. */
    static void addExamples(LanguageModel model, PromptContextFeaturizer featurizer, PromptResponse pair, int maxChars,
                            List<SparseVector> features, List<Integer> targets) {
        int[] prompt = featurizer.promptBuckets(pair.prompt());
        String response = pair.response().length() > maxChars ? pair.response().substring(0, maxChars) : pair.response();
        for (int i = 0; i <= response.length(); i++) {
            features.add(featurizer.features(prompt, response.subSequence(0, i)));
            targets.add(i < response.length() ? model.symbolOf(response.charAt(i)) : 0);
        }
    }

    private String vocabularyOf(List<PromptResponse> pairs) {
        TreeSet<Character> chars = new TreeSet<>();
        for (PromptResponse pair : pairs) {
            String r = pair.response();
            for (int i = 0; i < Math.min(r.length(), config.maxResponseChars()); i++) {
                char c = r.charAt(i);
                if (c != LanguageModel.END && c != LanguageModel.UNKNOWN) {
                    chars.add(c);
                }
            }
        }
        StringBuilder vocabulary = new StringBuilder().append(LanguageModel.END).append(LanguageModel.UNKNOWN);
        chars.forEach(vocabulary::append);
        if (vocabulary.length() < 3) {
            vocabulary.append(' ');
        }
        return vocabulary.toString();
    }
}
