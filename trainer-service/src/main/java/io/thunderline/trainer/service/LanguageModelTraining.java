package io.thunderline.trainer.service;

import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.LanguageModelConfig;
import io.thunderline.ml.model.LanguageModelEvaluation;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Instruction following and general chat: a character language model conditioned on the prompt. */
@ApplicationScoped
public class LanguageModelTraining {
    /** With fewer pairs, none can be spared for evaluation. */
    static final int MIN_PAIRS_FOR_HELD_OUT = 5;

    private final TrainerConfig config;

    public LanguageModelTraining(TrainerConfig config) {
        this.config = config;
    }

    TrainingOutcome train(JobRow job, List<PromptResponse> pairs, JobProgress progress, CancellationToken cancel,
                          TrainingEngine engine) {
        List<PromptResponse> shuffled = new ArrayList<>(pairs);
        java.util.Collections.shuffle(shuffled, new Random(config.search().seed()));
        boolean holdOut = pairs.size() >= MIN_PAIRS_FOR_HELD_OUT;
        int held = holdOut ? Math.max(1, (int) Math.round(pairs.size() * config.search().heldOutFraction())) : 0;
        List<PromptResponse> heldOut = shuffled.subList(0, held);
        List<PromptResponse> train = shuffled.subList(held, shuffled.size());
        LanguageModelConfig lm = LanguageModelConfig.defaults().withHashDims(1 << 16).withSeed(config.search().seed());
        if (config.languageModelEpochs().isPresent()) {
            lm = lm.withEpochs(config.languageModelEpochs().get());
        }
        progress.phase(1, String.format("%d prompt/response pairs: %d for training, %s", pairs.size(), train.size(),
                holdOut ? held + " held out for evaluation" : "too few to hold some out (need " + MIN_PAIRS_FOR_HELD_OUT
                        + "): perplexity is measured on the training pairs"), Map.of("pairs", Integer.toString(pairs.size())));
        progress.phase(2, "language models use one architecture (character model conditioned on the prompt); "
                + "no search", Map.of("language_model_config", lm.toString()));
        progress.phase(3, "training the language model on " + engine.describe(), Map.of());

        LanguageModel model = engine.trainLanguageModel(job, train, lm, progress, cancel);

        List<PromptResponse> evaluated = holdOut ? heldOut : train;
        String prefix = holdOut ? "" : "train_";
        progress.phase(4, "evaluating on " + evaluated.size() + (holdOut ? " held-out" : " training") + " pairs", Map.of());
        LanguageModelEvaluation evaluation = model.evaluate(evaluated);
        String sample = model.complete(evaluated.get(0).prompt(), 120, 0.0, config.search().seed());
        progress.log("INFO", "sample completion for \"" + evaluated.get(0).prompt() + "\": " + sample);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "loss", evaluation.loss());
        metrics.put(prefix + "perplexity", evaluation.perplexity());
        metrics.put("evaluated_characters", (double) evaluation.characters());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("architecture", model.network().architecture().describe());
        params.put("evaluated_on", holdOut ? "held_out" : "training_data");
        params.put("engine", engine.describe());
        params.put("sample_prompt", evaluated.get(0).prompt());
        params.put("sample_completion", sample);
        String summary = String.format("%s perplexity %.2f on %d %s pairs", holdOut ? "" : "training",
                evaluation.perplexity(), evaluated.size(), holdOut ? "held-out" : "training").strip();
        return new TrainingOutcome(JobProgress.finite(metrics), params, summary, "language_model", TrainingOutcome.modelFile(model));
    }

}
