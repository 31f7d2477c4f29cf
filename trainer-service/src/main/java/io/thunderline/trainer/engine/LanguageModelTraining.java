package io.thunderline.trainer.engine;

import io.thunderline.llm.InstructModel;
import io.thunderline.llm.ModelUnavailableException;
import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.RetrievalChatModelFile;
import io.thunderline.llm.RetrievalChatTrainer;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.engine.lm.HeldOutReport;
import io.thunderline.trainer.engine.lm.LanguageModels;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instruction following and general chat: the pretrained instruct model (SmolLM2-135M-Instruct, in process) with the
 * user's nearest examples as earlier chat turns. What the job does, phase by phase: 1 load the pairs, verify the
 * pretrained model, encode the examples; 2 choose the generation settings on held-out examples (no architecture is
 * searched); 3 build the model (examples index + settings); 4 score the base model zero-shot and the old character
 * model on the same held-out examples, publish ROUGE-L and cosine of all three and the answers per example.
 * A missing or damaged model file fails the job with the store's message (file and fetch command); there is no
 * fallback to the character model.
 */
@ApplicationScoped
public class LanguageModelTraining {
    static final String MODEL_KIND = "retrieval_chat";

    private final TrainerConfig config;
    private final LanguageModels models;
    private final TrainingEngine engine;
    private final int maxEvaluated;

    public LanguageModelTraining(TrainerConfig config, LanguageModels models, TrainingEngine engine,
                                 @ConfigProperty(name = "thunderline.trainer.lm.max-evaluated", defaultValue = "24") int maxEvaluated) {
        this.config = config;
        this.models = models;
        this.engine = engine;
        this.maxEvaluated = maxEvaluated;
    }

    /**
     * @param instructions instruction examples (task line, then the input): each request is demonstrated by examples
     *                     of its own task only
     */
    public TrainingOutcome train(List<PromptResponse> pairs, boolean instructions, TrainingListener progress,
                                 CancellationToken cancel) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no prompt/response pairs");
        }
        InstructModel llm;
        try {
            llm = models.instructModel();
        } catch (ModelUnavailableException e) {
            throw new TrainingFailure("The pretrained language model is not available: " + e.getMessage(), false, e);
        }
        int seed = (int) config.search().seed();
        RetrievalChatTrainer.Options options = new RetrievalChatTrainer.Options(10, maxEvaluated, seed, true)
                .withByTask(instructions);
        progress.phase(1, String.format("%d prompt/response pairs; pretrained model %s (sha256 %s…) verified at %s; "
                        + "examples are retrieved by %s%s", pairs.size(), llm.info().name(), llm.info().sha256().substring(0, 12),
                llm.file(), models.encoder().info().describe(), instructions
                        ? "; a request with a task line and an input is shown examples of the same task only" : ""),
                Map.of("pairs", Integer.toString(pairs.size()), "base_model", llm.info().name()));
        if (!engine.describe().equals("ml-core")) {
            progress.log("INFO", "language-model jobs run in this process (llama.cpp); " + engine.describe()
                    + " trains classifiers only");
        }

        CachingEncoder encoder = new CachingEncoder(models.encoder());
        boolean[] evaluating = {false};
        RetrievalChatTrainer.Listener listener = new RetrievalChatTrainer.Listener() {
            @Override
            public void step(String message) {
                progress.log("INFO", message);
            }

            @Override
            public void stage(String name, String detail) {
                if (name.equals("select")) {
                    progress.phase(2, "no architecture search (the pretrained model is used as it is): choosing the "
                            + "generation settings on held-out examples: " + detail, Map.of());
                } else if (name.equals("baselines")) {
                    evaluating[0] = true;
                    progress.phase(3, "no network is trained: the model is the pretrained model + the index of all "
                            + pairs.size() + " examples + the settings chosen in phase 2", Map.of());
                    progress.phase(4, "evaluating on held-out examples: " + detail, Map.of());
                }
            }
        };
        RetrievalChatTrainer.Result result;
        try {
            result = new RetrievalChatTrainer(llm, encoder, options).train(pairs, listener, cancel);
        } catch (ModelUnavailableException e) {
            throw new TrainingFailure("The pretrained language model is not available: " + e.getMessage(), false, e);
        }
        RetrievalChatModel model = result.model();
        progress.log("INFO", "model = " + llm.info().name() + " + index of " + model.index().size()
                + " examples + " + model.settings().describe() + " (built in " + result.trainMillis() + " ms with the selection)");

        if (!evaluating[0]) {
            progress.phase(4, "publishing the model: " + result.scheme(), Map.of());
        }
        Map<String, Double> metrics = new LinkedHashMap<>(HeldOutReport.metrics(result));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", "retrieval few-shot on " + llm.info().name());
        params.put("base_model", llm.info().name());
        params.put("base_model_sha256", llm.info().sha256());
        params.put("encoder", model.encoder().describe());
        params.put("settings", model.settings().describe());
        params.put("shots", Integer.toString(model.settings().shots()));
        params.put("temperature", Double.toString(model.settings().temperature()));
        params.put("max_tokens", Integer.toString(model.settings().maxTokens()));
        params.put("selector_threshold", model.settings().selectorThreshold() > 1 ? "off"
                : Double.toString(model.settings().selectorThreshold()));
        params.put("evaluated_on", result.examples().isEmpty() ? "nothing (one example)" : "held_out");
        params.put("evaluation", result.scheme());
        params.put("settings_candidates", HeldOutReport.candidatesJson(result));
        params.put("heldout_examples", HeldOutReport.examplesJson(result));
        params.put("engine", "llama.cpp in process (de.kherud:llama)");

        String summary;
        if (result.examples().isEmpty()) {
            summary = "one example: nothing could be held out for evaluation";
        } else {
            RetrievalChatTrainer.Score c = result.scores().get(RetrievalChatTrainer.JOB);
            RetrievalChatTrainer.Score b = result.scores().get(RetrievalChatTrainer.BASE);
            RetrievalChatTrainer.Score a = result.scores().get(RetrievalChatTrainer.CHAR);
            summary = String.format("held-out ROUGE-L %.3f / cosine %.3f (base model zero-shot %.3f / %.3f, character "
                            + "model %.3f / %.3f), %s", c.rougeL(), c.cosine(), b.rougeL(), b.cosine(),
                    a == null ? Double.NaN : a.rougeL(), a == null ? Double.NaN : a.cosine(), result.scheme());
        }
        return new TrainingOutcome(TrainingListener.finite(metrics), params, summary, MODEL_KIND,
                RetrievalChatModelFile.save(model));
    }
}
