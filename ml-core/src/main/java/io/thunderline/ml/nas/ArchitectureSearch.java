package io.thunderline.ml.nas;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cerebros-style neural architecture search over text classifiers: moieties × tries trials
 * on a stratified train/validation split, ranked by their best epoch's validation macro F1
 * (then validation loss); the winner is retrained on all the data for its best epoch count.
 * Everything random derives from {@link SearchSpace#seed()}, so equal inputs give equal results.
 */
public final class ArchitectureSearch {

    private static final Comparator<TrialResult> RANKING = Comparator
            .comparingDouble(TrialResult::validationF1).reversed()
            .thenComparingDouble(TrialResult::validationLoss)
            .thenComparingInt(TrialResult::trial);

    private final SearchSpace space;
    private final FeatureSpec featureSpec;

    public ArchitectureSearch(SearchSpace space) {
        this(space, FeatureSpec.defaults());
    }

    public ArchitectureSearch(SearchSpace space, FeatureSpec featureSpec) {
        this.space = space;
        this.featureSpec = featureSpec;
    }

    public SearchResult run(LabeledData data, SearchListener listener, CancellationToken cancel) {
        long started = System.nanoTime();
        List<String> labels = data.labelSet();
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + labels);
        }
        listener.onPhase("featurize", data.size() + " examples, " + labels.size() + " labels");
        StratifiedSplit.Parts parts = StratifiedSplit.split(data, space.validationFraction(), space.seed());
        TextFeaturizer.Fitted fitted = TextFeaturizer.fitTransform(featureSpec, parts.train().texts());
        TextFeaturizer featurizer = fitted.featurizer();
        EncodedData train = new EncodedData(fitted.vectors(), classIds(parts.train(), labels));
        EncodedData validation = new EncodedData(featurizer.transformAll(parts.heldOut().texts()), classIds(parts.heldOut(), labels));

        // Cut once: every trial reuses the same batches (and their sparse indexes).
        BatchPlan trainPlan = BatchPlan.shuffled(train, TrainingConfig.from(space, 0).effectiveBatchSize(train.size()), space.seed());
        BatchPlan validationPlan = BatchPlan.sequential(validation, Scoring.CHUNK);
        listener.onPhase("search", space.trials() + " trials");
        ArchitectureSampler sampler = new ArchitectureSampler(space, featureSpec.hashDims(), labels.size());
        SplittableRandom root = new SplittableRandom(space.seed());
        List<TrialResult> trials = new ArrayList<>();
        Network bestNetwork = null;
        TrialResult best = null;
        for (int moiety = 0; moiety < space.moieties(); moiety++) {
            SplittableRandom moietyRandom = root.split();
            int[] skeleton = sampler.skeleton(moietyRandom);
            for (int attempt = 0; attempt < space.tries(); attempt++) {
                cancel.throwIfCancelled();
                int trial = moiety * space.tries() + attempt;
                SplittableRandom trialRandom = moietyRandom.split();
                Architecture architecture = sampler.sample(skeleton, trialRandom);
                long trialSeed = trialRandom.nextLong();
                long trialStart = System.nanoTime();
                listener.onTrialStart(trial, architecture.describe());
                Network network = new Network(architecture, trialSeed);
                TrainingOutcome outcome = new NetworkTrainer(TrainingConfig.from(space, trialSeed), listener, cancel, trial)
                        .train(network, trainPlan, validationPlan);
                TrialResult result = new TrialResult(trial, moiety, attempt, architecture, outcome.bestEpoch(),
                        outcome.bestMetrics(), outcome.history(), (System.nanoTime() - trialStart) / 1_000_000);
                trials.add(result);
                listener.onTrialEnd(trial, outcome.bestEpoch(), outcome.bestMetrics());
                if (best == null || RANKING.compare(result, best) < 0) {
                    best = result;
                    bestNetwork = space.retrainBest() ? null : network;
                }
            }
        }
        List<TrialResult> ranking = trials.stream().sorted(RANKING).toList();
        TextClassifier model;
        if (space.retrainBest()) {
            listener.onPhase("retrain", "trial " + best.trial() + " for " + best.bestEpoch() + " epochs on all data");
            model = retrain(featurizer, train, validation, data, labels, best, cancel, listener);
        } else {
            bestNetwork.roundToFloat();
            model = new TextClassifier(featurizer, bestNetwork, labels, provenance(data, best, false));
        }
        listener.onPhase("done", "best trial " + best.trial() + ": " + best.architecture().describe());
        return new SearchResult(model, best, ranking, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Retrains the winner on train + validation. The featuriser fitted on the training split is
     * kept: refitting IDF on 25% more text changes little and would cost a second featurisation.
     */
    private TextClassifier retrain(TextFeaturizer featurizer, EncodedData train, EncodedData validation,
                                   LabeledData data, List<String> labels, TrialResult best,
                                   CancellationToken cancel, SearchListener listener) {
        List<SparseVector> features = new ArrayList<>(train.features());
        features.addAll(validation.features());
        int[] y = new int[train.size() + validation.size()];
        System.arraycopy(train.labels(), 0, y, 0, train.size());
        System.arraycopy(validation.labels(), 0, y, train.size(), validation.size());
        EncodedData all = new EncodedData(features, y);
        long seed = new SplittableRandom(space.seed() ^ 0x5EEDL).nextLong();
        Network network = new Network(best.architecture(), seed);
        TrainingConfig config = TrainingConfig.from(space, seed).withEpochs(best.bestEpoch());
        new NetworkTrainer(config, listener, cancel, space.trials()).train(network, all, null);
        network.roundToFloat();
        return new TextClassifier(featurizer, network, labels, provenance(data, best, true));
    }

    private Map<String, String> provenance(LabeledData data, TrialResult best, boolean retrained) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trainer", "ml-core ArchitectureSearch");
        p.put("examples", Integer.toString(data.size()));
        p.put("searchSpace", space.toString());
        p.put("featureSpec", featureSpec.toString());
        p.put("seed", Long.toString(space.seed()));
        p.put("bestTrial", Integer.toString(best.trial()));
        p.put("bestEpoch", Integer.toString(best.bestEpoch()));
        p.put("retrainedOnAllData", Boolean.toString(retrained));
        return p;
    }

    static int[] classIds(LabeledData data, List<String> labels) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.put(labels.get(i), i);
        }
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            Integer id = ids.get(data.labels().get(i));
            if (id == null) {
                throw new IllegalArgumentException("unknown label " + data.labels().get(i));
            }
            y[i] = id;
        }
        return y;
    }
}
