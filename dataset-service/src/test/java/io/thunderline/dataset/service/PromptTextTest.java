package io.thunderline.dataset.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.CsvColumns;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.PromptParser;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendering a version back to prompt text and parsing that text gives the same examples and task. */
class PromptTextTest {

    private static List<Map<String, String>> rows(ParseResult parsed, ModelType type) {
        List<String> header = CsvColumns.header(type);
        return parsed.examples().stream().map(Example::csvRow).map(row -> {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), row.get(i));
            }
            return m;
        }).toList();
    }

    private static void roundTrips(String original, ModelType type) {
        ParseResult first = PromptParser.parse(original, type);
        assertThat(first.ok()).as(first.errors().toString()).isTrue();
        String rendered = PromptText.render(type, first.taskDescription(), rows(first, type));
        ParseResult again = PromptParser.parse(rendered, type);
        assertThat(again.ok()).as(rendered + "\n" + again.errors()).isTrue();
        assertThat(rows(again, type)).as(rendered).isEqualTo(rows(first, type));
        assertThat(again.taskDescription()).isEqualTo(first.taskDescription());
    }

    @Test
    void classification() {
        String text = "Classify customer sentiment:\n\n1. \"I love this product!\" -> positive\n"
                + "2. Arrows -> inside -> text -> negative\n\"Quoted \"word\" here\" -> neutral";
        roundTrips(text, ModelType.SENTIMENT_ANALYSIS);
        String rendered = PromptText.render(ModelType.SENTIMENT_ANALYSIS, "Classify customer sentiment",
                List.of(Map.of("text", "I love this product!", "label", "positive")));
        assertThat(rendered).isEqualTo("Classify customer sentiment:\n\n\"I love this product!\" -> positive");
    }

    @Test
    void instructionFollowing() {
        roundTrips("Instruction following:\n\nTask: Summarize\nInput: A long text about cats.\nExpected: Cats.\n\n"
                + "Task: Say hello\nExpected: Hello!", ModelType.INSTRUCTION_FOLLOWING);
    }

    @Test
    void chatWithAMultiTurnConversation() {
        String text = "Support chat:\n\nUser: Hi, where is my order?\nAssistant: What is the order number?\n"
                + "User: 12345\nAssistant: It ships tomorrow.\n\nUser: Thanks\nAssistant: You are welcome.";
        roundTrips(text, ModelType.GENERAL_CHAT);
        ParseResult parsed = PromptParser.parse(text, ModelType.GENERAL_CHAT);
        String rendered = PromptText.render(ModelType.GENERAL_CHAT, parsed.taskDescription(),
                rows(parsed, ModelType.GENERAL_CHAT));
        // the two examples of the first conversation are written as that one conversation
        assertThat(rendered.split("Hi, where is my order\\?", -1)).hasSize(2);
    }

    @Test
    void noTask() {
        assertThat(PromptText.render(ModelType.TEXT_CLASSIFICATION, null,
                List.of(Map.of("text", "a", "label", "x"), Map.of("text", "b", "label", "y"))))
                .isEqualTo("\"a\" -> x\n\"b\" -> y");
    }
}
