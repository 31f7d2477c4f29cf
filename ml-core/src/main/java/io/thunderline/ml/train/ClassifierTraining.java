package io.thunderline.ml.train;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.EncoderBudget;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.eval.CrossValidation;
import io.thunderline.ml.eval.Evaluation;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.nas.ArchitectureSearch;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A whole classification training as the service and the command line run it: choose whether
 * sentence vectors fit the time budget, search, and evaluate honestly. Below
 * {@link Settings#crossValidationBelow()} examples the final model is trained on all of them and
 * its quality is estimated by stratified k-fold cross-validation of the whole search (mean ± spread);
 * above, a stratified share is held out and never seen by the search. A score on the training data
 * is never reported as the model's quality.
 */
public final class ClassifierTraining {

    /**
     * @param space                the search space
     * @param features             hashed n-gram features
     * @param useEncoder           offer the pretrained sentence encoder to the search (if the budget allows)
     * @param budgetMillis         time budget of a training: the encoder may take 40 % of it, and the search starts
     *                             no drawn trial that would end (with the retrain) past it
     * @param crossValidationBelow fewer examples → k-fold estimate instead of a held-out part
     * @param maxFolds             k of that estimate (fewer when a class is rarer)
     * @param heldOutFraction      share held out for larger data
     * @param seed                 seed of splits and folds
     */
    public record Settings(SearchSpace space, FeatureSpec features, boolean useEncoder, long budgetMillis,
                           int crossValidationBelow, int maxFolds, double heldOutFraction, long seed) {

        public static Settings defaults() {
            return new Settings(SearchSpace.defaults(), FeatureSpec.classifierDefaults(), true, 60_000, 500, 5, 0.2, 42);
        }

        /** The defaults with the feature space sized for {@code examples} (what the service and the command line use). */
        public static Settings defaults(int examples) {
            return defaults().withFeatures(FeatureSpec.classifierDefaults().withHashDims(hashDims(examples)));
        }

        /** Hash buckets by data size: the first layer is buckets × 16 weights, so small data gets a small model file. */
        public static int hashDims(int examples) {
            return examples < 1_000 ? 1 << 14 : examples < 20_000 ? 1 << 16 : 1 << 18;
        }

        public Settings withBudgetMillis(long millis) {
            return new Settings(space, features, useEncoder, millis, crossValidationBelow, maxFolds, heldOutFraction, seed);
        }

        public Settings withSpace(SearchSpace s) {
            return new Settings(s, features, useEncoder, budgetMillis, crossValidationBelow, maxFolds, heldOutFraction, seed);
        }

        public Settings withFeatures(FeatureSpec f) {
            return new Settings(space, f, useEncoder, budgetMillis, crossValidationBelow, maxFolds, heldOutFraction, seed);
        }

        public Settings withEncoder(boolean on) {
            return new Settings(space, features, on, budgetMillis, crossValidationBelow, maxFolds, heldOutFraction, seed);
        }
    }

    /** Runs the search of phases 2-3 (in process, or on a remote engine). */
    @FunctionalInterface
    public interface Searcher {
        SearchResult search(LabeledData train, SearchSpace space, FeatureSpec features, SentenceEncoder encoder,
                            SearchListener listener, CancellationToken cancel);

        /** ml-core's search in this process. */
        Searcher LOCAL = (train, space, features, encoder, listener, cancel) ->
                new ArchitectureSearch(space, features, encoder).run(train, listener, cancel);
    }

    /**
     * The trained model and what is reported about it. Metric names: accuracy, f1 (macro), loss, and per
     * class precision_&lt;label&gt;/recall_&lt;label&gt; — measured on the held-out part, or (cross-validation)
     * the pooled out-of-fold predictions, with cv_accuracy_mean/_std, cv_f1_mean/_std, cv_folds and
     * cv_precision_&lt;label&gt;/cv_recall_&lt;label&gt;; evaluated_examples in both cases.
     */
    public record Result(TextClassifier model, SearchResult search, Map<String, Double> metrics, Map<String, String> params,
                         String summary, Evaluation evaluation, CrossValidation crossValidation) {
    }

    private final Settings settings;
    private final Searcher searcher;
    private final Searcher foldSearcher;

    /** Everything in process. */
    public ClassifierTraining(Settings settings) {
        this(settings, Searcher.LOCAL, Searcher.LOCAL);
    }

    /**
     * {@code searcher} trains the final model; {@code foldSearcher} the cross-validation folds (the service
     * passes ml-core's local search there even when a remote engine trains the final model).
     */
    public ClassifierTraining(Settings settings, Searcher searcher, Searcher foldSearcher) {
        this.settings = settings;
        this.searcher = searcher;
        this.foldSearcher = foldSearcher;
    }

    public Result train(LabeledData data, TrainingProgress progress, CancellationToken cancel) {
        CancellationToken budgeted = withinBudget(cancel);
        Map<String, Integer> counts = new LinkedHashMap<>();
        data.labels().forEach(l -> counts.merge(l, 1, Integer::sum));
        if (counts.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + counts.keySet());
        }
        boolean crossValidate = data.size() < settings.crossValidationBelow();
        LabeledData train = data;
        LabeledData heldOut = null;
        if (!crossValidate) {
            StratifiedSplit.Parts parts = StratifiedSplit.split(data, settings.heldOutFraction(), settings.seed());
            train = parts.train();
            heldOut = parts.heldOut();
        }
        progress.phase(1, String.format(Locale.ROOT, "%d examples, %d labels %s; %s", data.size(), counts.size(), counts,
                        crossValidate ? "fewer than " + settings.crossValidationBelow() + ": the final model learns from all of "
                                + "them and its quality is estimated by cross-validation"
                                : train.size() + " for training, " + heldOut.size() + " held out for evaluation"),
                Map.of("examples", Integer.toString(data.size()), "labels", String.join(",", counts.keySet()),
                        "hash_dims", Integer.toString(settings.features().hashDims()), "search", settings.space().toString()));
        SentenceEncoder encoder = chooseEncoder(train, progress);
        SearchResult search = searcher.search(train, settings.space(), settings.features(), encoder, progress, budgeted);

        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("architecture", search.best().architecture().describe());
        params.put("best_trial", Integer.toString(search.best().trial()));
        params.put("best_epoch", Integer.toString(search.best().bestEpoch()));
        params.put("trials", Integer.toString(search.ranking().size()));
        params.put("search_millis", Long.toString(search.millis()));
        params.put("encoder", search.model().encoder() == null ? "none" : search.model().encoder().info().describe());
        metrics.put("best_trial_val_f1", search.best().validationF1());
        String summary;
        Evaluation evaluation;
        CrossValidation cv = null;
        if (crossValidate) {
            int folds = CrossValidation.folds(data, settings.maxFolds());
            progress.phase(4, "estimating quality by " + folds + "-fold cross-validation: each fold runs the same search "
                    + "on the other folds and is scored on the examples it never saw", Map.of());
            SentenceEncoder foldEncoder = encoder;
            cv = CrossValidation.run(data, settings.maxFolds(), settings.seed(),
                    part -> foldSearcher.search(part, settings.space(), settings.features(), foldEncoder, SearchListener.NONE, cancel).model(),
                    (fold, k, e) -> progress.log("INFO", String.format(Locale.ROOT,
                            "fold %d/%d: accuracy %.3f, macro F1 %.3f on %d examples", fold, k, e.accuracy(), e.macroF1(), e.examples())));
            evaluation = cv.pooled();
            metrics.put("cv_accuracy_mean", cv.accuracy().mean());
            metrics.put("cv_accuracy_std", cv.accuracy().std());
            metrics.put("cv_f1_mean", cv.macroF1().mean());
            metrics.put("cv_f1_std", cv.macroF1().std());
            metrics.put("cv_folds", (double) cv.folds());
            metrics.put("accuracy", cv.accuracy().mean());
            metrics.put("f1", cv.macroF1().mean());
            metrics.put("loss", evaluation.loss());
            putPerClass(metrics, "cv_", evaluation);
            params.put("evaluated_on", "cross_validation");
            summary = String.format(Locale.ROOT, "%d examples, %d-fold estimate: macro F1 %.2f ± %.2f, accuracy %.2f ± %.2f%s",
                    data.size(), cv.folds(), cv.macroF1().mean(), cv.macroF1().std(), cv.accuracy().mean(), cv.accuracy().std(),
                    data.size() < 100 ? " — an estimate from few examples; add more lines for a firmer number" : "");
        } else {
            progress.phase(4, "evaluating on " + heldOut.size() + " held-out examples", Map.of());
            evaluation = Evaluation.evaluate(search.model(), heldOut);
            metrics.put("accuracy", evaluation.accuracy());
            metrics.put("f1", evaluation.macroF1());
            metrics.put("loss", evaluation.loss());
            putPerClass(metrics, "", evaluation);
            params.put("evaluated_on", "held_out");
            summary = String.format(Locale.ROOT, "accuracy %.3f, macro F1 %.3f on %d held-out examples",
                    evaluation.accuracy(), evaluation.macroF1(), heldOut.size());
        }
        metrics.put("evaluated_examples", (double) evaluation.examples());
        return new Result(bare(search.model()), search, metrics, params, summary, evaluation, cv);
    }

    /**
     * Phases 2-3 only, as {@link #train} runs them on {@code train}: the encoder choice and the search, no
     * evaluation (the benchmark scores the model on its own test part). The model predicts through the bare encoder.
     */
    public SearchResult search(LabeledData train, TrainingProgress progress, CancellationToken cancel) {
        CancellationToken budgeted = withinBudget(cancel);
        SearchResult search = searcher.search(train, settings.space(), settings.features(), chooseEncoder(train, progress),
                progress, budgeted);
        return new SearchResult(bare(search.model()), search.best(), search.ranking(), search.millis());
    }

    /**
     * The main search's token: the budget counts from now (the encoder's choice and its vectors are part of it), so
     * the search starts no drawn trial that would end past it. The cross-validation folds keep {@code cancel}.
     */
    private CancellationToken withinBudget(CancellationToken cancel) {
        return cancel.withDeadline(System.nanoTime() + settings.budgetMillis() * 1_000_000L);
    }

    /** The model predicting through the encoder itself, not the training's cache of vectors. */
    private static TextClassifier bare(TextClassifier model) {
        return model.encoder() == null ? model : model.withEncoder(model.encoder().unwrapped());
    }

    private static void putPerClass(Map<String, Double> metrics, String prefix, Evaluation evaluation) {
        evaluation.perClass().forEach((label, m) -> {
            metrics.put(prefix + "precision_" + label, m.precision());
            metrics.put(prefix + "recall_" + label, m.recall());
        });
    }

    private SentenceEncoder chooseEncoder(LabeledData train, TrainingProgress progress) {
        if (!settings.useEncoder()) {
            progress.log("INFO", "sentence encoder off by configuration: searching hashed n-grams only");
            return null;
        }
        long t0 = System.nanoTime();
        MiniLmEncoder encoder;
        try {
            encoder = MiniLmEncoder.shared();
        } catch (RuntimeException | LinkageError e) {
            // the weights ship inside the jar: a failure here is a broken installation, not bad input
            throw new IllegalStateException("the sentence encoder could not be loaded (" + e.getMessage()
                    + "); rebuild with ./mvnw install, or set thunderline.trainer.search.encoder=false", e);
        }
        EncoderBudget.Choice choice = new EncoderBudget(settings.budgetMillis(), 0.4).choose(encoder, train.texts());
        progress.log("INFO", "sentence encoder " + encoder.info().describe() + ": " + choice.reason()
                + String.format(Locale.ROOT, " (decided in %d ms)", (System.nanoTime() - t0) / 1_000_000));
        // one cache per training: folds, trials and the final model share each text's vector
        return choice.encodes() ? new CachingEncoder(choice.encoder()) : null;
    }

}
