package io.thunderline.llm;

import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.PromptResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The user's examples with the sentence vectors of their prompts: the nearest examples of a request by cosine
 * similarity (vectors are L2-normalised, so cosine = dot product).
 */
public final class ExampleIndex {

    /** One example and how close its prompt is to the request. */
    public record Neighbour(int index, PromptResponse example, double cosine) {
    }

    private final List<PromptResponse> examples;
    private final float[][] vectors;

    public ExampleIndex(List<PromptResponse> examples, float[][] vectors) {
        if (examples.size() != vectors.length) {
            throw new IllegalArgumentException(examples.size() + " examples but " + vectors.length + " vectors");
        }
        this.examples = List.copyOf(examples);
        this.vectors = vectors;
    }

    public static ExampleIndex build(List<PromptResponse> examples, SentenceEncoder encoder) {
        List<String> prompts = new ArrayList<>(examples.size());
        for (PromptResponse p : examples) {
            prompts.add(p.prompt());
        }
        return new ExampleIndex(examples, examples.isEmpty() ? new float[0][] : encoder.encodeAll(prompts));
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
