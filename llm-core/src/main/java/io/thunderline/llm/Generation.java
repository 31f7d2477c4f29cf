package io.thunderline.llm;

/**
 * One generated answer.
 *
 * @param text         the answer, stop strings removed, stripped
 * @param promptTokens tokens of the prompt (after the chat template)
 * @param tokens       tokens generated
 * @param millis       wall time of the whole call (prompt processing + generation)
 * @param firstTokenMillis time until the first token arrived
 * @param cancelled    stopped by the caller before the end
 */
public record Generation(String text, int promptTokens, int tokens, long millis, long firstTokenMillis, boolean cancelled) {

    /** Generated tokens per second after the first token (the decode speed), NaN for fewer than two tokens. */
    public double tokensPerSecond() {
        long decode = millis - firstTokenMillis;
        return tokens < 2 || decode <= 0 ? Double.NaN : (tokens - 1) * 1000.0 / decode;
    }
}
