package io.thunderline.llm;

import java.util.List;

/**
 * Which of two drafts of an answer to keep: the one written with the user's examples in the prompt, or the one
 * written without them (zero-shot). Each draft is scored by how close its sentence vector is to the request plus how
 * close it is to the mean vector of the shown examples' answers; the higher score wins, the draft with the examples on
 * a tie. Neither term needs the expected answer, so the choice works on any request: the first keeps the answer on
 * the request's topic (an example copied from a near-duplicate question can answer another one off topic), the second
 * keeps it in the style and domain of the user's answers (a zero-shot answer can be on topic and still nothing like
 * them). Vectors are L2-normalised, so a dot product is a cosine.
 */
final class DraftChoice {

    /** The draft with the examples. */
    static final int WITH_EXAMPLES = 0;
    /** The draft without them. */
    static final int WITHOUT_EXAMPLES = 1;

    private DraftChoice() {
    }

    /**
     * @param request         the request's vector
     * @param exampleAnswers  vectors of the answers of the examples shown with the first draft (not empty)
     * @param withExamples    vector of the draft written with them
     * @param withoutExamples vector of the draft written without them
     * @return {@link #WITH_EXAMPLES} or {@link #WITHOUT_EXAMPLES}
     */
    static int pick(float[] request, List<float[]> exampleAnswers, float[] withExamples, float[] withoutExamples) {
        if (exampleAnswers.isEmpty()) {
            throw new IllegalArgumentException("no example answers: without examples there is only one draft");
        }
        double[] centre = new double[request.length];
        for (float[] a : exampleAnswers) {
            for (int i = 0; i < centre.length; i++) {
                centre[i] += a[i] / (double) exampleAnswers.size();
            }
        }
        return score(request, centre, withoutExamples) > score(request, centre, withExamples)
                ? WITHOUT_EXAMPLES : WITH_EXAMPLES;
    }

    private static double score(float[] request, double[] centre, float[] draft) {
        double toCentre = 0;
        for (int i = 0; i < centre.length; i++) {
            toCentre += centre[i] * draft[i];
        }
        return ExampleIndex.dot(request, draft) + toCentre;
    }
}
