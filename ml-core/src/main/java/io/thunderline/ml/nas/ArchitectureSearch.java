package io.thunderline.ml.nas;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedFolds;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.TextFeaturizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Cerebros-style neural architecture search over text classifiers. The inputs are nodes of the
 * graph like any level: hashed word/char n-grams (projected, and optionally straight to the
 * output) and, with an encoder, the pretrained sentence vector; each trial draws which it uses.
 * The search first tries the linear models (no hidden level), then moieties × tries random
 * architectures. Trials are ranked by validation macro F1 (then loss): on one stratified split,
 * or — below {@link SearchSpace#crossValidationBelow()} examples, where a split is mostly noise —
 * by the mean over stratified k folds. The winner is retrained on all the data for its best
 * epoch count. On small data (at most {@link SearchSpace#convexLinearMaxNonZeros()} n-gram non-zeros) the linear
 * trials are instead solved to the optimum of L2-regularised logistic regression at each C of a small grid, C
 * chosen like an epoch ({@link ConvexLinear}); a linear winner is then solved again at its C on all the data.
 * Sentence vectors are computed once per run (and once per text with a
 * {@link io.thunderline.ml.embed.CachingEncoder}), never per trial. Everything random derives
 * from {@link SearchSpace#seed()}, so equal inputs give equal results.
 */
public final class ArchitectureSearch {

    private static final Comparator<TrialResult> RANKING = Comparator
            .comparingDouble(TrialResult::validationF1).reversed()
            .thenComparingDouble(TrialResult::validationLoss)
            .thenComparingInt(TrialResult::trial);

    private final SearchSpace space;
    private final FeatureSpec featureSpec;
    private final SentenceEncoder encoder;

    public ArchitectureSearch(SearchSpace space) {
        this(space, FeatureSpec.defaults(), null);
    }

    public ArchitectureSearch(SearchSpace space, FeatureSpec featureSpec) {
        this(space, featureSpec, null);
    }

    /** {@code encoder} may be null: then only hashed n-grams are searched. */
    public ArchitectureSearch(SearchSpace space, FeatureSpec featureSpec, SentenceEncoder encoder) {
        this.space = space;
        this.featureSpec = featureSpec;
        this.encoder = encoder;
    }

    /** How trials are scored: one validation split or k folds. */
    private interface Validation {
        String describe();

        TrainingOutcome train(Architecture architecture, long seed, NetworkTrainer.Reporter reporter, CancellationToken cancel);

        /** All examples the winner is retrained on. */
        EncodedData all();

        /** Drops the trials' batches (their sparse indexes are as large as the data) before the final training. */
        void release();

        /** The winner's retrain on all examples as a share of one of its trials (to plan within a time budget). */
        double retrainShare();
    }

    public SearchResult run(LabeledData data, SearchListener listener, CancellationToken cancel) {
        long started = System.nanoTime();
        List<String> labels = data.labelSet();
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + labels);
        }
        boolean crossValidate = data.size() < space.crossValidationBelow();
        listener.onPhase("featurize", data.size() + " examples, " + labels.size() + " labels"
                + (encoder == null ? "" : "; sentence vectors by " + encoder.info().describe()));
        TextFeaturizer featurizer;
        Validation validation;
        // each convex linear trial's optimum at its chosen C: where the final solve on all the data starts
        Map<Architecture, double[]> linearStarts = new java.util.HashMap<>();
        if (crossValidate) {
            TextFeaturizer.Fitted fitted = TextFeaturizer.fitTransform(featureSpec, data.texts());
            featurizer = fitted.featurizer();
            EncodedData all = new EncodedData(fitted.vectors(), classIds(data, labels), encode(data.texts(), listener));
            validation = folds(all, labels.size(), linearStarts);
        } else {
            StratifiedSplit.Parts parts = StratifiedSplit.split(data, space.validationFraction(), space.seed());
            TextFeaturizer.Fitted fitted = TextFeaturizer.fitTransform(featureSpec, parts.train().texts());
            featurizer = fitted.featurizer();
            EncodedData train = new EncodedData(fitted.vectors(), classIds(parts.train(), labels),
                    encode(parts.train().texts(), listener));
            EncodedData held = new EncodedData(featurizer.transformAll(parts.heldOut().texts()),
                    classIds(parts.heldOut(), labels), encode(parts.heldOut().texts(), listener));
            validation = split(train, held, linearStarts);
        }

        ArchitectureSampler sampler = new ArchitectureSampler(space, featureSpec.hashDims(),
                encoder == null ? 0 : encoder.dimensions(), labels.size());
        List<Architecture> linear = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(space.seed());
        if (space.linearTrials()) {
            SplittableRandom linearRandom = root.split();
            for (ArchitectureSampler.Inputs inputs : sampler.linearInputs()) {
                linear.add(sampler.sample(new int[0], linearRandom, inputs));
            }
        }
        int total = linear.size() + space.trials();
        listener.onPhase("search", total + " trials (" + linear.size() + " linear, " + space.trials() + " drawn); "
                + validation.describe());
        List<TrialResult> trials = new ArrayList<>();
        for (int trial = 0; trial < linear.size(); trial++) {
            trials.add(runTrial(trial, -1, trial, linear.get(trial), root.nextLong(), validation, listener, cancel));
        }
        drawn:
        for (int moiety = 0; moiety < space.moieties(); moiety++) {
            SplittableRandom moietyRandom = root.split();
            int[] skeleton = sampler.skeleton(moietyRandom);
            for (int attempt = 0; attempt < space.tries(); attempt++) {
                int trial = linear.size() + moiety * space.tries() + attempt;
                if (wouldOverrun(trials, validation, cancel)) {
                    listener.onPhase("search", String.format(java.util.Locale.ROOT, "stopped after %d of %d trials: "
                                    + "another one and the retrain would end past the time budget (%.1f s left)",
                            trials.size(), total, cancel.nanosLeft() / 1e9));
                    break drawn;
                }
                SplittableRandom trialRandom = moietyRandom.split();
                Architecture architecture = sampler.sample(skeleton, trialRandom, sampler.inputs(trialRandom));
                trials.add(runTrial(trial, moiety, attempt, architecture, trialRandom.nextLong(), validation,
                        listener, cancel));
            }
        }
        List<TrialResult> ranking = trials.stream().sorted(RANKING).toList();
        TrialResult best = ranking.get(0);
        EncodedData all = validation.all();
        validation.release();
        long seed = new SplittableRandom(space.seed() ^ 0x5EEDL).nextLong();
        Network network;
        boolean linearSolved = convex(best.architecture(), nonZeros(all));
        if (linearSolved) {
            listener.onPhase("retrain", "trial " + best.trial() + ": the optimum at C = "
                    + ConvexLinear.cOf(best.bestEpoch()) + " on all " + all.size() + " examples");
            network = ConvexLinear.fit(best.architecture(), all, best.bestEpoch(), space.balancedClassWeights(),
                    linearStarts.get(best.architecture()), seed, cancel);
        } else {
            listener.onPhase("retrain", "trial " + best.trial() + " for " + best.bestEpoch() + " epochs on all "
                    + all.size() + " examples");
            network = new Network(best.architecture(), seed);
            TrainingConfig config = TrainingConfig.from(space, seed).withEpochs(best.bestEpoch());
            new NetworkTrainer(config, listener, cancel, total).train(network, all, null);
        }
        network.roundToFloat();
        double[] bias = space.tuneDecisionBias() && best.heldOut() != null
                ? DecisionBias.tune(best.heldOut().probabilities(), best.heldOut().labels(), labels.size()) : null;
        Map<String, String> provenance = provenance(data, best, trials.size(), validation, linearSolved);
        if (bias != null) {
            provenance.put("decisionBias", Arrays.toString(bias));
            listener.onPhase("decide", "decision offsets " + Arrays.toString(bias)
                    + " raise macro F1 on the examples the winner was validated on");
        }
        // the classifier keeps the encoder only when the winner reads sentence vectors
        TextClassifier model = new TextClassifier(featurizer, network, labels, provenance, encoder, bias);
        listener.onPhase("done", "best trial " + best.trial() + ": " + best.architecture().describe());
        return new SearchResult(model, best, ranking, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * True when one more trial (as long as the trials so far, on average) and the retrain of the best so far would end
     * past the token's soft deadline. Never without a deadline, so a search without one always runs every trial, and
     * never before a first trial (without linear trials there is nothing to estimate from, and no model yet).
     */
    private static boolean wouldOverrun(List<TrialResult> trials, Validation validation, CancellationToken cancel) {
        if (!cancel.hasDeadline() || trials.isEmpty()) {
            return false;
        }
        double nextMillis = trials.stream().mapToLong(TrialResult::millis).average().orElse(0);
        TrialResult best = trials.stream().min(RANKING).orElseThrow();
        double retrainMillis = best.millis() * validation.retrainShare();
        return (nextMillis + retrainMillis) * 1e6 > cancel.nanosLeft();
    }

    /** True when a trial of this architecture is solved as a convex linear model (see {@link ConvexLinear}). */
    private boolean convex(Architecture architecture, long nonZeros) {
        return space.convexLinear() && nonZeros <= space.convexLinearMaxNonZeros() && ConvexLinear.applies(architecture);
    }

    private static long nonZeros(EncodedData data) {
        return data.features().stream().mapToLong(io.thunderline.ml.text.SparseVector::size).sum();
    }

    private TrialResult runTrial(int trial, int moiety, int attempt, Architecture architecture, long seed,
                                 Validation validation, SearchListener listener, CancellationToken cancel) {
        cancel.throwIfCancelled();
        long trialStart = System.nanoTime();
        listener.onTrialStart(trial, architecture.describe());
        TrainingOutcome outcome = validation.train(architecture, seed, new NetworkTrainer.Reporter(listener, trial), cancel);
        listener.onTrialEnd(trial, outcome.bestEpoch(), outcome.bestMetrics());
        return new TrialResult(trial, moiety, attempt, architecture, outcome.bestEpoch(), outcome.bestMetrics(),
                outcome.history(), (System.nanoTime() - trialStart) / 1_000_000, outcome.heldOut());
    }

    private float[][] encode(List<String> texts, SearchListener listener) {
        if (encoder == null) {
            return null;
        }
        long t0 = System.nanoTime();
        float[][] vectors = encoder.encodeAll(texts);
        listener.onPhase("featurize", String.format("%d sentence vectors in %d ms", texts.size(),
                (System.nanoTime() - t0) / 1_000_000));
        return vectors;
    }

    private Validation split(EncodedData train, EncodedData held, Map<Architecture, double[]> linearStarts) {
        long nonZeros = nonZeros(train) + nonZeros(held);
        // Cut once: every trial reuses the same batches (and their sparse indexes).
        BatchPlan[] plans = {
                BatchPlan.shuffled(train, TrainingConfig.from(space, 0).effectiveBatchSize(train.size()), space.seed()),
                BatchPlan.sequential(held, Scoring.CHUNK)};
        return new Validation() {
            @Override
            public String describe() {
                return "ranked on " + held.size() + " validation examples";
            }

            @Override
            public TrainingOutcome train(Architecture architecture, long seed, NetworkTrainer.Reporter reporter,
                                         CancellationToken cancel) {
                if (convex(architecture, nonZeros)) {
                    List<ConvexLinear.Point> path = ConvexLinear.path(architecture, plans[0], plans[1],
                            space.balancedClassWeights(), cancel);
                    TrainingOutcome outcome = ConvexLinear.outcome(path, reporter);
                    linearStarts.put(architecture, path.get(outcome.bestEpoch() - 1).theta());
                    return outcome;
                }
                Network network = new Network(architecture, seed);
                TrainingOutcome outcome = new NetworkTrainer(TrainingConfig.from(space, seed), reporter, cancel)
                        .train(network, plans[0], plans[1]);
                return outcome.withHeldOut(Scoring.probabilities(network, plans[1]));
            }

            @Override
            public EncodedData all() {
                return train.concat(held);
            }

            @Override
            public double retrainShare() {
                return (train.size() + held.size()) / (double) train.size();
            }

            @Override
            public void release() {
                plans[0] = null;
                plans[1] = null;
            }
        };
    }

    private Validation folds(EncodedData all, int classes, Map<Architecture, double[]> linearStarts) {
        long nonZeros = nonZeros(all);
        int smallest = Arrays.stream(all.classCounts(classes)).min().orElse(0);
        int k = StratifiedFolds.folds(smallest, space.maxFolds(), all.size());
        List<String> ids = Arrays.stream(all.labels()).mapToObj(Integer::toString).toList();
        int[] fold = StratifiedFolds.assign(ids, k, space.seed());
        List<BatchPlan> trainPlans = new ArrayList<>();
        List<BatchPlan> heldPlans = new ArrayList<>();
        int[][] heldMembers = new int[k][];
        for (int f = 0; f < k; f++) {
            EncodedData train = all.select(StratifiedFolds.members(fold, f, false));
            trainPlans.add(BatchPlan.shuffled(train, TrainingConfig.from(space, 0).effectiveBatchSize(train.size()),
                    space.seed() + f));
            heldMembers[f] = StratifiedFolds.members(fold, f, true);
            heldPlans.add(BatchPlan.sequential(all.select(heldMembers[f]), Scoring.CHUNK));
        }
        return new Validation() {
            @Override
            public String describe() {
                return "ranked by " + k + "-fold cross-validation (" + all.size() + " examples)";
            }

            @Override
            public double retrainShare() {
                return 1.0 / (k - 1); // a trial fits k models on (k - 1) / k of the examples each
            }

            @Override
            public TrainingOutcome train(Architecture architecture, long seed, NetworkTrainer.Reporter reporter,
                                         CancellationToken cancel) {
                List<TrainingOutcome> outcomes = new ArrayList<>();
                double[][] outOfFold = new double[all.size()][];
                if (convex(architecture, nonZeros)) {
                    // each fold's C path; the C with the best mean over the folds, and its out-of-fold predictions
                    List<List<ConvexLinear.Point>> paths = ConvexLinear.crossValidatedPaths(architecture, trainPlans,
                            heldPlans, space.balancedClassWeights(), cancel);
                    for (List<ConvexLinear.Point> path : paths) {
                        outcomes.add(ConvexLinear.outcome(path, NetworkTrainer.Reporter.SILENT));
                    }
                    TrainingOutcome mean = TrainingOutcome.meanOverFolds(outcomes, reporter);
                    linearStarts.put(architecture, ConvexLinear.meanTheta(paths, mean.bestEpoch()));
                    for (int f = 0; f < k; f++) {
                        double[][] p = paths.get(f).get(mean.bestEpoch() - 1).heldOut().probabilities();
                        for (int i = 0; i < heldMembers[f].length; i++) {
                            outOfFold[heldMembers[f][i]] = p[i];
                        }
                    }
                    return mean.withHeldOut(new TrainingOutcome.HeldOut(outOfFold, all.labels()));
                }
                for (int f = 0; f < k; f++) {
                    // folds report nothing per epoch: the trial's epochs are their mean, reported below
                    Network network = new Network(architecture, seed + f);
                    outcomes.add(new NetworkTrainer(TrainingConfig.from(space, seed + f), NetworkTrainer.Reporter.SILENT, cancel)
                            .train(network, trainPlans.get(f), heldPlans.get(f)));
                    double[][] p = Scoring.probabilities(network, heldPlans.get(f)).probabilities();
                    for (int i = 0; i < heldMembers[f].length; i++) {
                        outOfFold[heldMembers[f][i]] = p[i];
                    }
                }
                return TrainingOutcome.meanOverFolds(outcomes, reporter)
                        .withHeldOut(new TrainingOutcome.HeldOut(outOfFold, all.labels()));
            }

            @Override
            public EncodedData all() {
                return all;
            }

            @Override
            public void release() {
                trainPlans.clear();
                heldPlans.clear();
            }
        };
    }

    private Map<String, String> provenance(LabeledData data, TrialResult best, int trials, Validation validation,
                                           boolean linearSolved) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trainer", "ml-core ArchitectureSearch");
        p.put("examples", Integer.toString(data.size()));
        p.put("searchSpace", space.toString());
        p.put("featureSpec", featureSpec.toString());
        if (best.architecture().denseDims() > 0) {
            p.put("encoder", encoder.info().describe());
        }
        p.put("seed", Long.toString(space.seed()));
        p.put("trials", Integer.toString(trials));
        p.put("validation", validation.describe());
        p.put("bestTrial", Integer.toString(best.trial()));
        p.put("bestEpoch", Integer.toString(best.bestEpoch()));
        if (linearSolved) {
            p.put("linearSolver", "L-BFGS to the optimum of L2-regularised logistic regression, C = "
                    + ConvexLinear.cOf(best.bestEpoch()) + " of " + Arrays.toString(ConvexLinear.C_GRID)
                    + " chosen on the held-out examples");
        }
        p.put("retrainedOnAllData", "true");
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
