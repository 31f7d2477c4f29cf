package io.thunderline.llm;

/** Receives generated text piece by piece, as it is generated. Returning false stops the generation. */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = piece -> true;

    boolean accept(String piece);
}
