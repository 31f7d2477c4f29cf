package io.thunderline.dataset.parse;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One assistant reply together with the conversation that leads to it.
 *
 * <p>A conversation with several assistant turns is split by the parsers into one {@code ChatExample} per
 * assistant turn: example <i>k</i> holds the turns up to and including the <i>k</i>-th assistant turn. That
 * way every example is exactly one canonical CSV row {@code prompt,response}:
 * <ul>
 *   <li>{@code response} is the text of the last (assistant) turn;</li>
 *   <li>{@code prompt} is the text of the user turn when the reply answers a single user turn, otherwise all
 *       earlier turns joined with {@code "\n"}, each prefixed by its role, for example
 *       {@code "User: Hi\nAssistant: Hello! How can I help?\nUser: Where is my order?"}.</li>
 * </ul>
 * A CSV row read back becomes a two-turn example (user = prompt, assistant = response), which writes the same
 * row again.
 *
 * @param turns the turns; at least two, the first one a user turn and the last one an assistant turn
 * @param line  the 1-based line where the conversation starts (0 when unknown)
 */
public record ChatExample(List<Turn> turns, int line) implements Example {

    public ChatExample {
        turns = List.copyOf(turns);
        if (turns.size() < 2) {
            throw new IllegalArgumentException("a chat example needs a user turn and an assistant turn");
        }
        if (turns.get(0).role() != Turn.Role.USER) {
            throw new IllegalArgumentException("a chat example must start with a user turn");
        }
        if (turns.get(turns.size() - 1).role() != Turn.Role.ASSISTANT) {
            throw new IllegalArgumentException("a chat example must end with an assistant turn");
        }
    }

    /** A single exchange: one user message and the assistant's reply. */
    public static ChatExample of(String prompt, String response, int line) {
        return new ChatExample(List.of(Turn.user(prompt, line), Turn.assistant(response, line)), line);
    }

    /** The CSV {@code prompt}: see the class comment. */
    public String prompt() {
        List<Turn> context = turns.subList(0, turns.size() - 1);
        if (context.size() == 1) {
            return context.get(0).text();
        }
        return context.stream()
                .map(turn -> turn.role().label() + ": " + turn.text())
                .collect(Collectors.joining("\n"));
    }

    /** The CSV {@code response}: the text of the last (assistant) turn. */
    public String response() {
        return turns.get(turns.size() - 1).text();
    }

    /** {@code [prompt, response]}. */
    @Override
    public List<String> csvRow() {
        return List.of(prompt(), response());
    }
}
