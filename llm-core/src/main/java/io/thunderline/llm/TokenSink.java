package io.thunderline.llm;

/** Receives generated text piece by piece, as it is generated. Returning false stops the generation. */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = piece -> true;

    boolean accept(String piece);

    /**
     * A further draft of the same answer starts (number 2: the one written without the examples); the pieces after
     * this belong to it, and the final answer is one of the drafts. Returning false skips it.
     */
    default boolean nextDraft(int number) {
        return true;
    }
}
