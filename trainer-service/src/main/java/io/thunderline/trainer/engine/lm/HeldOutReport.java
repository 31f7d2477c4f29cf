package io.thunderline.trainer.engine.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thunderline.llm.RetrievalChatTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The held-out results of a language-model job as the job's metrics and params (per example as JSON). */
public final class HeldOutReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeldOutReport() {
    }

    /** rougeL_job, cosine_job, rougeL_base, cosine_base, rougeL_char, cosine_char (those that ran). */
    public static Map<String, Double> metrics(RetrievalChatTrainer.Result result) {
        Map<String, Double> out = new LinkedHashMap<>();
        result.scores().forEach((system, score) -> {
            out.put("rougeL_" + system, score.rougeL());
            out.put("cosine_" + system, score.cosine());
        });
        out.put("evaluated_examples", (double) result.examples().size());
        out.put("train_seconds", result.trainMillis() / 1000.0);
        out.put("generation_tokens_per_second", result.tokensPerSecond());
        return out;
    }

    /** Per held-out example: prompt, expected, the three answers and their scores. */
    public static String examplesJson(RetrievalChatTrainer.Result result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RetrievalChatTrainer.ExampleResult x : result.examples()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("prompt", x.prompt());
            row.put("expected", x.expected());
            row.put("generated", x.job());
            row.put("source", x.jobSource());
            row.put("rougeL", round(x.rougeJob()));
            row.put("cosine", round(x.cosineJob()));
            row.put("nearestExampleCosine", round(x.nearestCosine()));
            row.put("base", x.base());
            row.put("rougeL_base", round(x.rougeBase()));
            row.put("cosine_base", round(x.cosineBase()));
            if (x.charModel() != null) {
                row.put("char", x.charModel());
                row.put("rougeL_char", round(x.rougeChar()));
                row.put("cosine_char", round(x.cosineChar()));
            }
            rows.add(row);
        }
        return json(rows);
    }

    /** Every settings candidate tried and its held-out scores. */
    public static String candidatesJson(RetrievalChatTrainer.Result result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RetrievalChatTrainer.Candidate c : result.candidates()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("settings", c.settings().describe());
            row.put("rougeL", round(c.score().rougeL()));
            row.put("cosine", round(c.score().cosine()));
            rows.add(row);
        }
        return json(rows);
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
