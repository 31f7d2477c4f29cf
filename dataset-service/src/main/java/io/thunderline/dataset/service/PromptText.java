package io.thunderline.dataset.service;

import io.thunderline.contracts.ModelType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stored version written back as prompt text, for "edit and retrain": text that the page's parser reads back into
 * the same examples (the original text is not stored, only its examples). Classification: {@code "text" -> label}
 * per line under the task heading; instruction following: {@code Task:/Input:/Expected:} blocks; chat:
 * {@code User:/Assistant:} conversations, where the examples a multi-turn conversation was split into become that
 * one conversation again.
 */
public final class PromptText {
    private PromptText() {
    }

    /** The prompt text of {@code examples} (canonical columns by name, in file order) with the version's task. */
    public static String render(ModelType type, String task, List<Map<String, String>> examples) {
        List<String> blocks = new ArrayList<>();
        String heading = task == null || task.isBlank() ? null : task.strip();
        switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> {
                if (heading != null) {
                    blocks.add(heading.endsWith(":") ? heading : heading + ":");
                }
                StringBuilder lines = new StringBuilder();
                for (Map<String, String> e : examples) {
                    if (!lines.isEmpty()) {
                        lines.append('\n');
                    }
                    lines.append('"').append(field(e, "text")).append("\" -> ").append(field(e, "label"));
                }
                blocks.add(lines.toString());
            }
            case INSTRUCTION_FOLLOWING -> {
                if (heading != null) {
                    blocks.add(heading);
                }
                for (Map<String, String> e : examples) {
                    String input = field(e, "input");
                    blocks.add("Task: " + field(e, "instruction") + (input.isEmpty() ? "" : "\nInput: " + input)
                            + "\nExpected: " + field(e, "output"));
                }
            }
            case GENERAL_CHAT -> {
                if (heading != null) {
                    blocks.add(heading);
                }
                List<String> conversations = new ArrayList<>();
                for (Map<String, String> e : examples) {
                    conversations.add(conversation(field(e, "prompt"), field(e, "response")));
                }
                for (int i = 0; i < conversations.size(); i++) {
                    String c = conversations.get(i);
                    // an earlier part of the next example's conversation: that one writes it too
                    if (i + 1 < conversations.size() && conversations.get(i + 1).startsWith(c + "\n")) {
                        continue;
                    }
                    blocks.add(c);
                }
            }
        }
        return String.join("\n\n", blocks.stream().filter(b -> !b.isEmpty()).toList());
    }

    /** A multi-turn prompt is already written with roles ("User: …\nAssistant: …\nUser: …"). */
    private static String conversation(String prompt, String response) {
        String context = prompt.startsWith("User: ") && prompt.contains("\nAssistant: ") ? prompt : "User: " + prompt;
        return context + "\nAssistant: " + response;
    }

    private static String field(Map<String, String> example, String column) {
        String v = example.get(column);
        return v == null ? "" : v;
    }
}
