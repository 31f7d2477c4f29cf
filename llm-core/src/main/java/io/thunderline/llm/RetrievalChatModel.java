package io.thunderline.llm;

import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.PromptResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * The model of an instruction-following or chat job: a pretrained instruct model, and for each request the user's
 * examples nearest to it (sentence-embedding cosine) placed before it as earlier chat turns. Optionally a response
 * selector: a request whose nearest example is at least {@code selectorThreshold} similar is answered with that
 * example's stored answer (the job switches it on only when it scored better on held-out examples). Optionally two
 * drafts: the answer with the examples and the answer without them, of which {@link DraftChoice} keeps one.
 * Optionally a prompt without examples (the second draft, or a request no example may demonstrate) is told the length
 * of the user's answers ({@link ExampleIndex#lengthHint}).
 */
public final class RetrievalChatModel {

    public static final String SYSTEM_PROMPT = "You are a helpful assistant.";
    static final String FEW_SHOT_SYSTEM_PROMPT = "You are a helpful assistant. Answer the last message the way the "
            + "earlier answers do: as short and to the point.";
    /** Selector threshold meaning "never answer with a stored answer". */
    public static final double SELECTOR_OFF = 2.0;

    /**
     * Settings the job chose on held-out examples.
     *
     * @param shots             nearest examples placed in the prompt
     * @param temperature       sampling temperature (0 = greedy)
     * @param maxTokens         answer length limit
     * @param repeatPenalty     repetition penalty
     * @param selectorThreshold cosine at or above which the nearest example's stored answer is returned
     *                          ({@link #SELECTOR_OFF}: never)
     * @param seed              sampling seed
     * @param drafts            also write the answer without the examples, and keep the draft {@link DraftChoice}
     *                          picks (twice the generation time)
     * @param lengthHint        a prompt without examples tells the model how many sentences the user's answers have
     *                          ({@link ExampleIndex#lengthHint})
     */
    public record Settings(int shots, double temperature, int maxTokens, double repeatPenalty, double selectorThreshold,
                           int seed, boolean drafts, boolean lengthHint) {
        public Settings(int shots, double temperature, int maxTokens, double repeatPenalty, double selectorThreshold,
                        int seed) {
            this(shots, temperature, maxTokens, repeatPenalty, selectorThreshold, seed, false, false);
        }

        public Settings {
            if (shots < 0 || shots > 16) {
                throw new IllegalArgumentException("shots must be 0..16, was " + shots);
            }
            new GenerationSettings(maxTokens, temperature, seed, repeatPenalty, 64);
        }

        public GenerationSettings generation() {
            return new GenerationSettings(maxTokens, temperature, seed, repeatPenalty, 64);
        }

        public Settings withSelector(double threshold) {
            return new Settings(shots, temperature, maxTokens, repeatPenalty, threshold, seed, drafts, lengthHint);
        }

        public Settings withMaxTokens(int n) {
            return new Settings(shots, temperature, n, repeatPenalty, selectorThreshold, seed, drafts, lengthHint);
        }

        public Settings withDrafts(boolean on) {
            return new Settings(shots, temperature, maxTokens, repeatPenalty, selectorThreshold, seed, on, lengthHint);
        }

        public Settings withLengthHint(boolean on) {
            return new Settings(shots, temperature, maxTokens, repeatPenalty, selectorThreshold, seed, drafts, on);
        }

        public String describe() {
            return String.format("%s%s%s, temperature %.1f, max %d tokens, repeat penalty %.2f, %s",
                    shots == 0 ? "no examples (zero-shot)" : shots + " nearest examples",
                    drafts && shots > 0 ? " and a draft without them (the one nearer the request and the examples' "
                            + "answers is kept)" : "",
                    lengthHint ? (shots == 0 ? ", told the examples' answer length"
                            : "; a prompt without examples is told their answers' length") : "",
                    temperature, maxTokens, repeatPenalty, selectorThreshold > 1 ? "no stored-answer selector"
                            : String.format("stored answer when cosine >= %.2f", selectorThreshold));
        }
    }

    /**
     * An answer and how it was made.
     *
     * @param text       the answer
     * @param source     "generated" or "stored" (the selector answered with an example's answer)
     * @param neighbours the examples used, nearest first (none when the draft without them was kept)
     * @param generation the generation, null for a stored answer
     * @param drafts     with two drafts: both texts, the one with the examples first; else empty
     */
    public record Answer(String text, String source, List<ExampleIndex.Neighbour> neighbours, Generation generation,
                         List<String> drafts) {
        public Answer {
            drafts = List.copyOf(drafts);
        }
    }

    private final PretrainedModel base;
    private final EncoderInfo encoder;
    private final ExampleIndex index;
    private final Settings settings;
    private final Map<String, String> provenance;

    public RetrievalChatModel(PretrainedModel base, EncoderInfo encoder, ExampleIndex index, Settings settings,
                              Map<String, String> provenance) {
        this.base = Objects.requireNonNull(base);
        this.encoder = Objects.requireNonNull(encoder);
        this.index = Objects.requireNonNull(index);
        this.settings = Objects.requireNonNull(settings);
        this.provenance = Map.copyOf(new LinkedHashMap<>(provenance));
    }

    public PretrainedModel base() {
        return base;
    }

    public EncoderInfo encoder() {
        return encoder;
    }

    public ExampleIndex index() {
        return index;
    }

    public Settings settings() {
        return settings;
    }

    public Map<String, String> provenance() {
        return provenance;
    }

    /** Answers a request (prompt plus the earlier turns of the conversation, possibly empty). */
    public Answer answer(InstructModel llm, SentenceEncoder enc, String prompt, List<ChatMessage> history,
                         Integer maxTokens, TokenSink sink, BooleanSupplier cancelled) {
        checkCompatible(llm, enc);
        Settings s = maxTokens == null ? settings : settings.withMaxTokens(Math.max(1, Math.min(maxTokens, 1024)));
        String query = flatten(history, prompt);
        return respond(llm, enc, index, i -> false, enc.encode(query), history, prompt, s, sink, cancelled);
    }

    /** Refuses a base model or encoder other than the ones the model was trained with. */
    public void checkCompatible(InstructModel llm, SentenceEncoder enc) {
        if (!llm.info().sha256().equals(base.sha256())) {
            throw new IllegalStateException("this model was trained on " + base.name() + " (sha256 " + base.sha256()
                    + ") but " + llm.info().name() + " (sha256 " + llm.info().sha256() + ") is loaded");
        }
        EncoderInfo e = enc.info();
        if (!e.name().equals(encoder.name()) || !e.sha256().equals(encoder.sha256())) {
            throw new IllegalStateException("this model was trained with the sentence encoder " + encoder.describe()
                    + " but " + e.describe() + " is loaded");
        }
    }

    /**
     * The answer from the examples not {@code excluded} (nor of another task, see
     * {@link ExampleIndex#demonstrations}): the stored answer when the selector fires (no history), else the instruct
     * model with the nearest examples as earlier turns; with {@link Settings#drafts()} also without them, keeping the
     * draft {@link DraftChoice} picks ({@code enc} scores the drafts; the sink hears of the second one).
     */
    static Answer respond(InstructModel llm, SentenceEncoder enc, ExampleIndex index, IntPredicate excluded,
                          float[] query, List<ChatMessage> history, String prompt, Settings settings, TokenSink sink,
                          BooleanSupplier cancelled) {
        List<ExampleIndex.Neighbour> near = index.demonstrations(query, prompt, Math.max(1, settings.shots()),
                excluded);
        if (history.isEmpty() && !near.isEmpty() && near.get(0).cosine() >= settings.selectorThreshold()) {
            String stored = near.get(0).example().response();
            sink.accept(stored);
            return new Answer(stored, "stored", near.subList(0, 1), null, List.of());
        }
        List<ExampleIndex.Neighbour> shots = near.subList(0, Math.min(settings.shots(), near.size()));
        String alone = systemPromptWithoutExamples(index, excluded, settings);
        Generation g = llm.generate(messages(shots, history, prompt, alone), settings.generation(), sink, cancelled);
        if (!settings.drafts() || shots.isEmpty() || g.cancelled() || cancelled.getAsBoolean() || !sink.nextDraft(2)) {
            return new Answer(g.text(), "generated", shots, g, List.of());
        }
        Generation without = llm.generate(messages(List.of(), history, prompt, alone), settings.generation(), sink,
                cancelled);
        List<String> answers = shots.stream().map(n -> n.example().response()).toList();
        float[][] vectors = enc.encodeAll(List.of(g.text(), without.text()));
        int pick = DraftChoice.pick(query, java.util.Arrays.asList(enc.encodeAll(answers)), vectors[0], vectors[1]);
        List<String> drafts = List.of(g.text(), without.text());
        return pick == DraftChoice.WITH_EXAMPLES
                ? new Answer(g.text(), "generated", shots, g, drafts)
                : new Answer(without.text(), "generated", List.of(), without, drafts);
    }

    /**
     * The system prompt of a prompt without examples: {@link #SYSTEM_PROMPT}, followed with {@link Settings#lengthHint()}
     * by the length of the answers of the examples not {@code excluded}.
     */
    public static String systemPromptWithoutExamples(ExampleIndex index, IntPredicate excluded, Settings settings) {
        String hint = settings.lengthHint() ? index.lengthHint(excluded) : "";
        return hint.isEmpty() ? SYSTEM_PROMPT : SYSTEM_PROMPT + " " + hint;
    }

    /**
     * System prompt, then the examples as earlier user/assistant turns (the nearest one last, next to the request),
     * then the conversation so far and the request.
     */
    public static List<ChatMessage> messages(List<ExampleIndex.Neighbour> shots, List<ChatMessage> history, String prompt) {
        return messages(shots, history, prompt, SYSTEM_PROMPT);
    }

    /** As {@link #messages(List, List, String)}, with {@code withoutExamples} as the system prompt when no example is shown. */
    public static List<ChatMessage> messages(List<ExampleIndex.Neighbour> shots, List<ChatMessage> history, String prompt,
                                             String withoutExamples) {
        List<ChatMessage> out = new ArrayList<>();
        out.add(ChatMessage.system(shots.isEmpty() ? withoutExamples : FEW_SHOT_SYSTEM_PROMPT));
        for (int i = shots.size() - 1; i >= 0; i--) {
            PromptResponse example = shots.get(i).example();
            out.add(ChatMessage.user(example.prompt()));
            out.add(ChatMessage.assistant(example.response()));
        }
        out.addAll(history);
        if (history.isEmpty()) {
            out.addAll(ChatMessage.parseTurns(prompt));
        } else {
            out.add(ChatMessage.user(prompt));
        }
        return out;
    }

    /** The zero-shot messages of the base model: system prompt and the request. */
    public static List<ChatMessage> zeroShot(String prompt) {
        return messages(List.of(), List.of(), prompt);
    }

    /** The text a conversation is retrieved by, in the form dataset-service writes multi-turn examples. */
    public static String flatten(List<ChatMessage> history, String prompt) {
        if (history.isEmpty()) {
            return prompt;
        }
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : history) {
            if (m.role() != ChatMessage.Role.SYSTEM) {
                out.append(m.role() == ChatMessage.Role.USER ? "User: " : "Assistant: ").append(m.content()).append('\n');
            }
        }
        return out.append("User: ").append(prompt).toString();
    }
}
