package io.thunderline.llm.bench;

import io.thunderline.llm.ChatMessage;
import io.thunderline.llm.ExampleIndex;
import io.thunderline.llm.Generation;
import io.thunderline.llm.InstructModel;
import io.thunderline.llm.PretrainedModel;
import io.thunderline.llm.PretrainedModelStore;
import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.RetrievalChatTrainer;
import io.thunderline.llm.TokenSink;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.nas.CancellationToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark set end to end in one JVM: train the job's model (settings chosen on held-out examples), the
 * held-out scores of (a) the character model, (b) the base model zero-shot, (c) the job's model, then the latency
 * of exactly-64-token answers of the job's model and the process's peak RSS. Appends one JSON line to RESULTS.
 *
 * <p>usage: LlmBenchmark SET_NAME SET.jsonl RESULTS.jsonl [--tiny] [--instructions] [--no-length-hint]
 */
public final class LlmBenchmark {

    public static void main(String[] args) throws IOException {
        String name = args[0];
        List<PromptResponse> examples = JsonLines.read(Path.of(args[1]));
        Path results = Path.of(args[2]);
        List<String> flags = List.of(args).subList(3, args.length);
        boolean tiny = flags.contains("--tiny");
        // instruction examples (task line, then the input), as trainer-service trains an instruction_following job
        boolean instructions = flags.contains("--instructions");
        if (tiny) {
            examples = examples.subList(0, Math.min(3, examples.size()));
        }
        String loadStart = Files.readString(Path.of("/proc/loadavg")).strip();
        long t0 = System.nanoTime();
        InstructModel llm = InstructModel.load(PretrainedModelStore.configured(), PretrainedModel.SMOLLM2_135M_INSTRUCT,
                Runtime.getRuntime().availableProcessors());
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        RetrievalChatTrainer.Options options = (tiny ? new RetrievalChatTrainer.Options(4, 4, 42, true)
                : new RetrievalChatTrainer.Options(10, 40, 42, true)).withByTask(instructions)
                .withLengthHint(!flags.contains("--no-length-hint"));
        RetrievalChatTrainer.Result r = new RetrievalChatTrainer(llm, encoder, options)
                .train(examples, m -> System.err.println("[" + name + "] " + m), CancellationToken.none());

        // latency of a 64-token answer: the job's prompt (nearest examples + request), exactly 64 tokens generated
        RetrievalChatModel model = r.model();
        int requests = tiny ? 3 : 20;
        boolean drafts = model.settings().drafts();
        long[] millis = new long[requests];
        double tokens = 0;
        double decode = 0;
        for (int q = 0; q < requests; q++) {
            int e = q % examples.size();
            List<ExampleIndex.Neighbour> shots = model.index().demonstrations(model.index().vector(e),
                    examples.get(e).prompt(), model.settings().shots(), i -> i == e);
            String alone = RetrievalChatModel.systemPromptWithoutExamples(model.index(), i -> i == e, model.settings());
            List<ChatMessage> messages = RetrievalChatModel.messages(shots, List.of(), examples.get(e).prompt(), alone);
            long s = System.nanoTime();
            Generation g = llm.generate(messages, model.settings().generation().withMaxTokens(64), TokenSink.NONE,
                    () -> false, true);
            tokens += g.tokens() - 1;
            decode += g.millis() - g.firstTokenMillis();
            if (drafts && !shots.isEmpty()) {
                // a model with two drafts answers with both and the choice: all of it is the answer's latency
                Generation without = llm.generate(RetrievalChatModel.messages(List.of(), List.of(),
                                examples.get(e).prompt(), alone),
                        model.settings().generation().withMaxTokens(64), TokenSink.NONE, () -> false, true);
                tokens += without.tokens() - 1;
                decode += without.millis() - without.firstTokenMillis();
                encoder.encodeAll(List.of(g.text(), without.text()));
                encoder.encodeAll(shots.stream().map(n -> n.example().response()).toList());
            }
            millis[q] = (System.nanoTime() - s) / 1_000_000;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);

        StringBuilder json = new StringBuilder("{");
        field(json, "set", name).append(',');
        field(json, "tiny", tiny).append(',');
        field(json, "examples", examples.size()).append(',');
        field(json, "evaluation", r.scheme()).append(',');
        for (Map.Entry<String, RetrievalChatTrainer.Score> s : r.scores().entrySet()) {
            field(json, "rougeL_" + s.getKey(), s.getValue().rougeL()).append(',');
            field(json, "cosine_" + s.getKey(), s.getValue().cosine()).append(',');
        }
        field(json, "settings", model.settings().describe()).append(',');
        json.append("\"candidates\":[");
        for (int i = 0; i < r.candidates().size(); i++) {
            RetrievalChatTrainer.Candidate c = r.candidates().get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "settings", c.settings().describe()).append(',');
            field(json, "rougeL", c.score().rougeL()).append(',');
            field(json, "cosine", c.score().cosine()).append('}');
        }
        json.append("],");
        field(json, "model_load_ms", loadMillis).append(',');
        field(json, "train_ms", r.trainMillis()).append(',');
        field(json, "baselines_ms", r.evaluationMillis()).append(',');
        field(json, "eval_tokens_per_s", r.tokensPerSecond()).append(',');
        field(json, "latency64_requests", requests).append(',');
        field(json, "latency64_drafts", drafts ? 2 : 1).append(',');
        field(json, "latency64_p50_ms", percentile(sorted, 0.50)).append(',');
        field(json, "latency64_p99_ms", percentile(sorted, 0.99)).append(',');
        field(json, "latency64_tokens_per_s", decode <= 0 ? Double.NaN : tokens * 1000 / decode).append(',');
        field(json, "peak_rss_mb", peakRssMb()).append(',');
        field(json, "load_start", loadStart).append(',');
        field(json, "load_end", Files.readString(Path.of("/proc/loadavg")).strip()).append(',');
        json.append("\"per_example\":[");
        for (int i = 0; i < r.examples().size(); i++) {
            RetrievalChatTrainer.ExampleResult x = r.examples().get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "prompt", x.prompt()).append(',');
            field(json, "expected", x.expected()).append(',');
            field(json, "nearest_cosine", x.nearestCosine()).append(',');
            field(json, "job", x.job()).append(',');
            field(json, "job_source", x.jobSource()).append(',');
            field(json, "rougeL_job", x.rougeJob()).append(',');
            field(json, "cosine_job", x.cosineJob()).append(',');
            field(json, "base", x.base()).append(',');
            field(json, "rougeL_base", x.rougeBase()).append(',');
            field(json, "cosine_base", x.cosineBase()).append(',');
            field(json, "char", x.charModel()).append(',');
            field(json, "rougeL_char", x.rougeChar()).append(',');
            field(json, "cosine_char", x.cosineChar()).append('}');
        }
        json.append("]}\n");
        Files.writeString(results, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.err.printf(Locale.ROOT, "[%s] job rougeL %.3f cosine %.3f | base %.3f %.3f | char %s | train %d ms | p50 %d ms p99 %d ms%n",
                name, r.scores().get("job").rougeL(), r.scores().get("job").cosine(), r.scores().get("base").rougeL(),
                r.scores().get("base").cosine(), r.scores().containsKey("char") ? String.format(Locale.ROOT, "%.3f %.3f",
                        r.scores().get("char").rougeL(), r.scores().get("char").cosine()) : "-",
                r.trainMillis(), percentile(sorted, 0.5), percentile(sorted, 0.99));
        llm.close();
        // llama.cpp's worker thread is not a daemon: end the JVM explicitly
        System.exit(0);
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static StringBuilder field(StringBuilder json, String key, Object value) {
        json.append('"').append(key).append("\":");
        if (value == null) {
            json.append("null");
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            json.append(Double.isFinite(d) ? (value instanceof Double ? String.format(Locale.ROOT, "%.4f", d) : n.toString()) : "null");
        } else if (value instanceof Boolean b) {
            json.append(b);
        } else {
            JsonLines.quote(json, value.toString());
        }
        return json;
    }

    /** The sets' format: one {"prompt": "...", "response": "..."} object per line (export_sets.py writes them). */
    static final class JsonLines {
        static List<PromptResponse> read(Path file) throws IOException {
            List<PromptResponse> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(new PromptResponse(value(line, "prompt"), value(line, "response")));
                }
            }
            return out;
        }

        static String value(String line, String key) {
            int at = line.indexOf("\"" + key + "\":");
            if (at < 0) {
                throw new IllegalArgumentException("no \"" + key + "\" in " + line);
            }
            int i = line.indexOf('"', at + key.length() + 3) + 1;
            StringBuilder s = new StringBuilder();
            while (line.charAt(i) != '"') {
                char c = line.charAt(i++);
                if (c == '\\') {
                    char e = line.charAt(i++);
                    switch (e) {
                        case 'n' -> s.append('\n');
                        case 't' -> s.append('\t');
                        case 'r' -> s.append('\r');
                        case 'u' -> {
                            s.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> s.append(e);
                    }
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }

        static void quote(StringBuilder json, String s) {
            json.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
    }
}
