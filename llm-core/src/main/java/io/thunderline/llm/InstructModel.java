package io.thunderline.llm;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A pretrained instruct model run in process by llama.cpp (de.kherud:llama): ChatML chat template, stop strings,
 * repetition penalty; temperature 0 with a fixed seed gives the same text every time. Text is streamed through a
 * {@link TokenSink}; a caller stops a generation by returning false from the sink or through the cancel flag.
 * One generation at a time per loaded model (a fair lock): the two cores are busy with one anyway.
 */
public final class InstructModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InstructModel.class.getName());
    /** ChatML end-of-turn markers: an answer ends at the first of them. */
    static final String[] STOP_STRINGS = {"<|im_end|>", "<|im_start|>", "<|endoftext|>"};
    public static final int CONTEXT_TOKENS = 2048;
    private static final Map<String, InstructModel> SHARED = new ConcurrentHashMap<>();
    private static volatile boolean loggerSet;

    private final LlamaModel llama;
    private final PretrainedModel model;
    private final Path file;
    private final long loadMillis;
    private final ReentrantLock lock = new ReentrantLock(true);

    private InstructModel(LlamaModel llama, PretrainedModel model, Path file, long loadMillis) {
        this.llama = llama;
        this.model = model;
        this.file = file;
        this.loadMillis = loadMillis;
    }

    /** Verifies the file through the store (error names file and fix), then loads it. */
    public static InstructModel load(PretrainedModelStore store, PretrainedModel model, int threads) {
        Path file = store.locate(model);
        quietNativeLog();
        long t0 = System.nanoTime();
        ModelParameters params = new ModelParameters().setModel(file.toString()).setCtxSize(CONTEXT_TOKENS)
                .setThreads(threads).setThreadsBatch(threads).setParallel(1).disableLog();
        LlamaModel llama = new LlamaModel(params);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info(() -> "loaded " + model.name() + " from " + file + " in " + millis + " ms (" + threads + " threads)");
        return new InstructModel(llama, model, file, millis);
    }

    /** One loaded model per file and JVM, with as many threads as there are cores. */
    public static InstructModel shared(PretrainedModelStore store, PretrainedModel model) {
        Path file = store.locate(model);
        return SHARED.computeIfAbsent(file.toString(),
                k -> load(store, model, Math.max(1, Runtime.getRuntime().availableProcessors())));
    }

    private static void quietNativeLog() {
        if (!loggerSet) {
            synchronized (InstructModel.class) {
                if (!loggerSet) {
                    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
                        if (level == LogLevel.ERROR) {
                            LOG.warning(message.strip());
                        } else if (level == LogLevel.WARN) {
                            LOG.fine(message.strip());
                        }
                    });
                    loggerSet = true;
                }
            }
        }
    }

    public PretrainedModel info() {
        return model;
    }

    public Path file() {
        return file;
    }

    public long loadMillis() {
        return loadMillis;
    }

    /** The ChatML text of a conversation, ending with the opening of the assistant's turn. */
    public static String chatTemplate(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            out.append("<|im_start|>").append(m.role().wireName()).append('\n').append(m.content().strip())
                    .append("<|im_end|>\n");
        }
        return out.append("<|im_start|>assistant\n").toString();
    }

    public int countTokens(String text) {
        return llama.encode(text).length;
    }

    /**
     * Generates the assistant's next turn. When the conversation does not fit the context with room for
     * {@code maxTokens}, the oldest non-system turns before the last one are left out; when even the last turn alone
     * does not fit, an IllegalArgumentException says so.
     */
    public Generation generate(List<ChatMessage> messages, GenerationSettings settings, TokenSink sink,
                               BooleanSupplier cancelled) {
        return generate(messages, settings, sink, cancelled, false);
    }

    /**
     * As {@link #generate(List, GenerationSettings, TokenSink, BooleanSupplier)}; with {@code exactLength} the end of
     * turn and the stop strings are ignored, so exactly {@code maxTokens} tokens are generated (latency benchmarks).
     */
    public Generation generate(List<ChatMessage> messages, GenerationSettings settings, TokenSink sink,
                               BooleanSupplier cancelled, boolean exactLength) {
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() == ChatMessage.Role.ASSISTANT) {
            throw new IllegalArgumentException("the conversation must end with a user turn");
        }
        lock.lock();
        try {
            List<ChatMessage> fitted = new ArrayList<>(messages);
            String prompt = chatTemplate(fitted);
            int promptTokens = countTokens(prompt);
            int budget = CONTEXT_TOKENS - settings.maxTokens() - 8;
            while (promptTokens > budget) {
                int drop = firstDroppable(fitted);
                if (drop < 0) {
                    throw new IllegalArgumentException("the message is too long: " + promptTokens
                            + " tokens with the chat template, at most " + budget + " fit with maxTokens "
                            + settings.maxTokens());
                }
                fitted.remove(drop);
                prompt = chatTemplate(fitted);
                promptTokens = countTokens(prompt);
            }
            InferenceParameters params = new InferenceParameters(prompt)
                    .setNPredict(settings.maxTokens())
                    .setTemperature((float) settings.temperature())
                    .setSeed(settings.seed())
                    .setRepeatPenalty((float) settings.repeatPenalty())
                    .setRepeatLastN(settings.repeatLastN())
                    // no reuse of the previous prompt's cache: its evaluation in another batch split changes the logits
                    // slightly, and a greedy answer could then depend on the request answered before it
                    .setCachePrompt(false);
            if (exactLength) {
                params.setIgnoreEos(true);
            } else {
                params.setStopStrings(STOP_STRINGS);
            }
            if (settings.temperature() == 0) {
                params.setTopK(1);
            }
            long t0 = System.nanoTime();
            long first = -1;
            int tokens = 0;
            boolean stopped = false;
            StringBuilder text = new StringBuilder();
            LlamaIterator it = llama.generate(params).iterator();
            try {
                while (it.hasNext()) {
                    if (cancelled.getAsBoolean()) {
                        stopped = true;
                        it.cancel();
                        break;
                    }
                    LlamaOutput out = it.next();
                    if (out.text.isEmpty()) {
                        continue;
                    }
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                    tokens++;
                    text.append(out.text);
                    if (!sink.accept(out.text)) {
                        stopped = true;
                        it.cancel();
                        break;
                    }
                }
            } catch (RuntimeException e) {
                it.cancel();
                throw e;
            }
            long end = System.nanoTime();
            return new Generation(exactLength ? text.toString() : clean(text.toString()), promptTokens, tokens, (end - t0) / 1_000_000,
                    first < 0 ? (end - t0) / 1_000_000 : (first - t0) / 1_000_000, stopped);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest turn that may be left out (not system, not the last), or -1. */
    private static int firstDroppable(List<ChatMessage> messages) {
        for (int i = 0; i < messages.size() - 1; i++) {
            if (messages.get(i).role() != ChatMessage.Role.SYSTEM) {
                return i;
            }
        }
        return -1;
    }

    /** The text before the first stop string (llama.cpp holds them back; this is the belt to those braces). */
    static String clean(String text) {
        int cut = text.length();
        for (String stop : STOP_STRINGS) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut).strip();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            SHARED.values().remove(this);
            llama.close();
        } finally {
            lock.unlock();
        }
    }
}
