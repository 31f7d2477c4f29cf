package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParseResultTest {

    @Test
    void issueToStringLeavesOutMissingParts() {
        assertThat(ParseIssue.at(4, 12, "no label after '->'", "write `text -> label`"))
                .hasToString("line 4, column 12: no label after '->'; write `text -> label`");
        assertThat(ParseIssue.atLine(7, "empty text before '->'", null)).hasToString("line 7: empty text before '->'");
        assertThat(ParseIssue.general("no examples found", "add some")).hasToString("no examples found; add some");
    }

    @Test
    void labelCountsAreSortedByCountThenName() {
        List<Example> examples = List.of(
                new ClassificationExample("a", "neutral", 1),
                new ClassificationExample("b", "positive", 2),
                new ClassificationExample("c", "negative", 3),
                new ClassificationExample("d", "positive", 4),
                new ClassificationExample("e", "negative", 5),
                new ClassificationExample("f", "positive", 6));
        ParseResult result = new ParseResult(ModelType.TEXT_CLASSIFICATION, "", examples, List.of(), List.of());
        assertThat(result.labelCounts()).containsExactly(
                entry("positive", 3), entry("negative", 2), entry("neutral", 1));
        assertThat(result.ok()).isTrue();
        assertThat(result.exampleCount()).isEqualTo(6);
        assertThat(result.examplesRetained()).isTrue();
    }

    @Test
    void withIssuesAppendsAndMakesResultNotOk() {
        ParseResult result = new ParseResult(ModelType.GENERAL_CHAT, null, List.of(), List.of(), List.of());
        assertThat(result.taskDescription()).isEmpty();
        assertThat(result.labelCounts()).isEmpty();
        ParseResult failed = result.withIssues(List.of(), List.of(ParseIssue.general("bad", "")));
        assertThat(failed.ok()).isFalse();
        assertThat(result.ok()).isTrue();
    }

    private static java.util.Map.Entry<String, Integer> entry(String key, int value) {
        return java.util.Map.entry(key, value);
    }
}
