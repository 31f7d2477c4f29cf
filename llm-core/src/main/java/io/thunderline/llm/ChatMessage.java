package io.thunderline.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One turn of a conversation. */
public record ChatMessage(Role role, String content) {

    public enum Role {
        SYSTEM, USER, ASSISTANT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "user", "assistant" or "system" (case-insensitive), or an error naming the field. */
        public static Role of(String name) {
            if (name != null) {
                for (Role r : values()) {
                    if (r.wireName().equalsIgnoreCase(name.strip())) {
                        return r;
                    }
                }
            }
            throw new IllegalArgumentException("role '" + name + "' is not one of user, assistant, system");
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /**
     * A prompt as dataset-service writes multi-turn chat examples ("User: Hi\nAssistant: Hello!\nUser: Where is my
     * order?") as turns; any other text is one user turn. Lines without a speaker continue the turn before them.
     */
    public static List<ChatMessage> parseTurns(String prompt) {
        List<ChatMessage> turns = new ArrayList<>();
        if (!prompt.startsWith("User:") || !prompt.contains("\nAssistant:")) {
            turns.add(user(prompt.strip()));
            return turns;
        }
        Role role = null;
        StringBuilder text = new StringBuilder();
        for (String line : prompt.split("\n", -1)) {
            Role next = line.startsWith("User:") ? Role.USER : line.startsWith("Assistant:") ? Role.ASSISTANT : null;
            if (next != null) {
                if (role != null) {
                    turns.add(new ChatMessage(role, text.toString().strip()));
                }
                role = next;
                text.setLength(0);
                text.append(line.substring(line.indexOf(':') + 1));
            } else {
                text.append('\n').append(line);
            }
        }
        turns.add(new ChatMessage(role, text.toString().strip()));
        return turns;
    }
}
