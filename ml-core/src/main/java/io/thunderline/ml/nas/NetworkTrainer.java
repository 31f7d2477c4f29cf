package io.thunderline.ml.nas;

import io.thunderline.ml.eval.Metrics;
import io.thunderline.ml.nn.AdamW;
import io.thunderline.ml.nn.Matrix;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.NetworkSnapshot;
import io.thunderline.ml.nn.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mini-batch AdamW training of one network. With validation data it keeps the weights of
 * the best epoch (highest val_f1, then lowest val_loss) and restores them at the end.
 */
public final class NetworkTrainer {

    /** Where one training reports its batches and epochs: a listener under a trial number. */
    public record Reporter(SearchListener listener, int trial) {
        /** Reports nothing (e.g. the folds of a cross-validated trial, reported as their mean). */
        public static final Reporter SILENT = new Reporter(SearchListener.NONE, -1);

        void batch(int epoch, int batch, double loss) {
            listener.onBatch(trial, epoch, batch, loss);
        }

        void epoch(int epoch, Map<String, Double> metrics) {
            listener.onEpoch(trial, epoch, Map.copyOf(metrics));
        }
    }

    private final TrainingConfig config;
    private final Reporter reporter;
    private final CancellationToken cancel;

    public NetworkTrainer(TrainingConfig config, SearchListener listener, CancellationToken cancel, int trial) {
        this(config, new Reporter(listener, trial), cancel);
    }

    public NetworkTrainer(TrainingConfig config, Reporter reporter, CancellationToken cancel) {
        this.config = config;
        this.reporter = reporter;
        this.cancel = cancel;
    }

    /** Trains in place. {@code validation} may be null: then the last epoch counts as best. */
    public TrainingOutcome train(Network network, EncodedData train, EncodedData validation) {
        BatchPlan trainPlan = BatchPlan.shuffled(train, config.effectiveBatchSize(train.size()), config.seed());
        return train(network, trainPlan, validation == null ? null : BatchPlan.sequential(validation, Scoring.CHUNK));
    }

    /** Trains in place on pre-cut batches (shared by the trials of a search). */
    public TrainingOutcome train(Network network, BatchPlan train, BatchPlan validation) {
        AdamW optimizer = new AdamW(config.learningRate(), config.weightDecay());
        SplittableRandom shuffler = new SplittableRandom(config.seed());
        int classes = network.architecture().classes();
        double[] classWeights = config.balancedClassWeights() ? TrainingConfig.balancedWeights(train.classCounts(classes)) : null;
        List<Map<String, Double>> history = new ArrayList<>();
        Map<String, Double> best = null;
        int bestEpoch = 0;
        NetworkSnapshot bestWeights = null;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            Map<String, Double> metrics = trainEpoch(network, optimizer, train, shuffler, classes, classWeights, epoch);
            if (validation != null) {
                metrics.putAll(Scoring.score(network, validation, "val_"));
            }
            history.add(metrics);
            reporter.epoch(epoch, metrics);
            if (best == null || better(metrics, best, validation != null)) {
                best = metrics;
                bestEpoch = epoch;
                if (validation != null && epoch < config.epochs()) {
                    bestWeights = network.snapshot();
                } else {
                    bestWeights = null;
                }
            }
        }
        if (bestWeights != null && bestEpoch != config.epochs()) {
            bestWeights.restoreInto(network);
        }
        network.releaseTrainingState();
        return new TrainingOutcome(bestEpoch, best, history);
    }

    private Map<String, Double> trainEpoch(Network network, AdamW optimizer, BatchPlan train,
                                           SplittableRandom shuffler, int classes, double[] classWeights, int epoch) {
        int n = train.examples();
        int passes = config.passesPerEpoch(n);
        int[] order = new int[train.batches().size() * passes];
        for (int pass = 0; pass < passes; pass++) {
            int[] permutation = BatchPlan.permutation(train.batches().size(), shuffler);
            System.arraycopy(permutation, 0, order, pass * permutation.length, permutation.length);
        }
        int[] predicted = new int[n * passes];
        int[] actual = new int[n * passes];
        double lossSum = 0;
        int batchIndex = 0;
        int start = 0;
        for (int b : order) {
            cancel.throwIfCancelled();
            BatchPlan.Batch batch = train.batches().get(b);
            int[] labels = batch.labels();
            Matrix logits = network.forward(batch.features(), true);
            SoftmaxCrossEntropy.Result result = SoftmaxCrossEntropy.compute(logits, labels, classWeights);
            network.backward(result.gradient());
            optimizer.step(network.parameters(), network.sparseLayers());
            lossSum += result.loss() * labels.length;
            for (int r = 0; r < labels.length; r++) {
                predicted[start + r] = Metrics.argmax(result.probabilities().row(r));
                actual[start + r] = labels[r];
            }
            reporter.batch(epoch, batchIndex++, result.loss());
            start += labels.length;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", lossSum / (n * passes));
        metrics.put("accuracy", Metrics.accuracy(actual, predicted));
        metrics.put("f1", Metrics.macroF1(actual, predicted, classes));
        return metrics;
    }

    static boolean better(Map<String, Double> candidate, Map<String, Double> best, boolean validated) {
        if (!validated) {
            return true;
        }
        int byF1 = Double.compare(candidate.get("val_f1"), best.get("val_f1"));
        return byF1 > 0 || (byF1 == 0 && candidate.get("val_loss") < best.get("val_loss"));
    }
}
