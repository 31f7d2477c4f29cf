package io.thunderline.llm;

import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.PromptResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * The user's examples with the sentence vectors of their prompts: the nearest examples of a request by cosine
 * similarity (vectors are L2-normalised, so cosine = dot product).
 * <p>
 * An index of instruction examples ({@link #byTask()}: prompt = task line, then the input) keeps a request that has
 * a task line and an input to demonstrations of the same task: an example of another task shows the model the wrong
 * job (translations placed before an extraction request made it answer in French). A one-line request has no input
 * to tell its task from, so every example may demonstrate it.
 */
public final class ExampleIndex {

    /** One example and how close its prompt is to the request. */
    public record Neighbour(int index, PromptResponse example, double cosine) {
    }

    private static final Pattern TASK_KEY =
            Pattern.compile("^(?i)(task|instruction|prompt)\\s*:\\s*");

    private final List<PromptResponse> examples;
    private final float[][] vectors;
    private final boolean byTask;
    private final String[] tasks;
    private final AnswerLength answerLength;

    public ExampleIndex(List<PromptResponse> examples, float[][] vectors) {
        this(examples, vectors, false);
    }

    /** @param byTask instruction examples: demonstrations of a request's own task only (see the class comment) */
    public ExampleIndex(List<PromptResponse> examples, float[][] vectors, boolean byTask) {
        if (examples.size() != vectors.length) {
            throw new IllegalArgumentException(examples.size() + " examples but " + vectors.length + " vectors");
        }
        this.examples = List.copyOf(examples);
        this.vectors = vectors;
        this.byTask = byTask;
        this.tasks = new String[examples.size()];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = normalised(firstLine(examples.get(i).prompt()));
        }
        this.answerLength = new AnswerLength(examples.stream().map(PromptResponse::response).toList());
    }

    public static ExampleIndex build(List<PromptResponse> examples, SentenceEncoder encoder) {
        return build(examples, encoder, false);
    }

    public static ExampleIndex build(List<PromptResponse> examples, SentenceEncoder encoder, boolean byTask) {
        List<String> prompts = new ArrayList<>(examples.size());
        for (PromptResponse p : examples) {
            prompts.add(p.prompt());
        }
        return new ExampleIndex(examples, examples.isEmpty() ? new float[0][] : encoder.encodeAll(prompts), byTask);
    }

    /** True for instruction examples, whose requests are demonstrated by examples of their own task only. */
    public boolean byTask() {
        return byTask;
    }

    /**
     * The task of an instruction request: its first line without a leading "Task:" (or "Instruction:", "Prompt:",
     * the training format's keys), compared without case, surrounding blanks, runs of blanks or a closing colon or
     * full stop; empty when the request has no input line after it.
     */
    public static Optional<String> taskOf(String request) {
        String text = request.strip();
        int newline = text.indexOf('\n');
        if (newline < 0 || text.substring(newline + 1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(normalised(text.substring(0, newline)));
    }

    /**
     * The {@code k} examples that may demonstrate {@code request}, nearest to {@code query} first: not
     * {@code excluded} (held-out folds) and, in an index {@link #byTask()}, of the request's own task.
     */
    public List<Neighbour> demonstrations(float[] query, String request, int k, IntPredicate excluded) {
        return nearest(query, k, excluded.or(otherTask(request)));
    }

    /**
     * The sentence that tells the model the length of the answers of the examples not {@code excluded}, for a prompt
     * without examples ({@link AnswerLength}); empty when they are long-form or none is left.
     */
    public String lengthHint(IntPredicate excluded) {
        return AnswerLength.hint(answerLength.median(excluded));
    }

    /** Examples that may not demonstrate {@code request}: those of another task, in an index {@link #byTask()}. */
    private IntPredicate otherTask(String request) {
        Optional<String> task = byTask ? taskOf(request) : Optional.empty();
        if (task.isEmpty()) {
            return i -> false;
        }
        String wanted = task.get();
        return i -> !tasks[i].equals(wanted);
    }

    private static String firstLine(String prompt) {
        String text = prompt.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String normalised(String line) {
        // "Task: X" as in the page's training format (the parser's keys for the task) is the task X
        String s = TASK_KEY.matcher(line.strip()).replaceFirst("").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        while (s.endsWith(":") || s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }

    public int size() {
        return examples.size();
    }

    public List<PromptResponse> examples() {
        return examples;
    }

    public float[] vector(int i) {
        return vectors[i];
    }

    float[][] vectors() {
        return vectors;
    }

    /** The {@code k} nearest examples, nearest first, leaving out those {@code excluded} says (held-out folds). */
    public List<Neighbour> nearest(float[] query, int k, IntPredicate excluded) {
        List<Neighbour> all = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (!excluded.test(i)) {
                all.add(new Neighbour(i, examples.get(i), dot(query, vectors[i])));
            }
        }
        all.sort(Comparator.comparingDouble(Neighbour::cosine).reversed().thenComparingInt(Neighbour::index));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    public List<Neighbour> nearest(float[] query, int k) {
        return nearest(query, k, i -> false);
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
