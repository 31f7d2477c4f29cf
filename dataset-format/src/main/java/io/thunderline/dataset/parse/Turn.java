package io.thunderline.dataset.parse;

import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role who speaks
 * @param text what is said (never null)
 * @param line the 1-based line where the turn starts in the submitted text or CSV (0 when unknown)
 */
public record Turn(Role role, String text, int line) {

    /** Who speaks in a turn. */
    public enum Role {
        USER("User"),
        ASSISTANT("Assistant");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        /** The prefix used when turns are joined into a prompt: "User" or "Assistant". */
        public String label() {
            return label;
        }
    }

    public Turn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    public static Turn user(String text, int line) {
        return new Turn(Role.USER, text, line);
    }

    public static Turn assistant(String text, int line) {
        return new Turn(Role.ASSISTANT, text, line);
    }
}
