package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptParserTest {

    @Test
    void dispatchesOnTheModelType() {
        assertThat(rows(PromptParser.parse("Great -> positive", ModelType.TEXT_CLASSIFICATION)))
                .containsExactly("Great | positive");
        assertThat(rows(PromptParser.parse("Great -> positive", ModelType.SENTIMENT_ANALYSIS)))
                .containsExactly("Great | positive");
        assertThat(rows(PromptParser.parse("Task: t\nExpected: e", ModelType.INSTRUCTION_FOLLOWING)))
                .containsExactly("t |  | e");
        assertThat(rows(PromptParser.parse("User: u\nAssistant: a", ModelType.GENERAL_CHAT)))
                .containsExactly("u | a");
    }

    @Test
    void nullTextIsEmpty() {
        ParseResult result = PromptParser.parse(null, ModelType.GENERAL_CHAT);
        assertThat(result.examples()).isEmpty();
        assertThat(result.ok()).isTrue();
    }

    @Test
    void textOverTheLimitIsRefusedWithoutParsing() {
        String text = "a -> b\n".repeat(28_572); // 200,004 characters
        ParseResult result = PromptParser.parse(text, ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "the text is 200,004 characters long; the limit is 200,000; shorten it, or upload the examples as a"
                        + " CSV file");
        assertThat(result.examples()).isEmpty();

        ParseResult small = PromptParser.parse("a -> b\nc -> d", ModelType.TEXT_CLASSIFICATION, new Limits(10, 10, 10));
        assertThat(errors(small)).containsExactly(
                "the text is 13 characters long; the limit is 10; shorten it, or upload the examples as a CSV file");
    }

    @Test
    void textAtTheLimitIsParsed() {
        ParseResult result = PromptParser.parse("a -> b\nc -> d", ModelType.TEXT_CLASSIFICATION, new Limits(10, 10, 13));
        assertThat(result.ok()).isTrue();
        assertThat(result.examples()).hasSize(2);
    }
}
