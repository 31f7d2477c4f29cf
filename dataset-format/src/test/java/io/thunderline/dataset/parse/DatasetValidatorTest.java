package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetValidatorTest {

    private static ParseResult validate(String text, ModelType type) {
        return DatasetValidator.validate(PromptParser.parse(text, type), Limits.defaults());
    }

    @Test
    void defaults() {
        assertThat(Limits.defaults()).isEqualTo(new Limits(100_000, 10_000, 200_000));
    }

    @Test
    void guideExampleHasThreeClassesWithOneExampleEach() {
        ParseResult result = validate(lines(
                "Classify customer sentiment:",
                "",
                "1. \"I love this product!\" -> positive",
                "2. \"Not what I expected\" -> negative",
                "3. \"It works fine\" -> neutral"), ModelType.SENTIMENT_ANALYSIS);
        assertThat(errors(result)).containsExactly(
                "class 'negative' has only 1 example; each class needs at least 2; add 1 more example labelled"
                        + " 'negative'",
                "class 'neutral' has only 1 example; each class needs at least 2; add 1 more example labelled"
                        + " 'neutral'",
                "class 'positive' has only 1 example; each class needs at least 2; add 1 more example labelled"
                        + " 'positive'");
        assertThat(result.examples()).hasSize(3); // still shown in a preview
    }

    @Test
    void balancedClassificationIsValid() {
        ParseResult result = validate(lines("a -> pos", "b -> pos", "c -> neg", "d -> neg"),
                ModelType.TEXT_CLASSIFICATION);
        assertThat(result.ok()).isTrue();
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void onlyOneClass() {
        ParseResult result = validate(lines("a -> pos", "b -> pos"), ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "only one class found ('pos'); a classifier needs at least 2; add examples with another label");
    }

    @Test
    void onlyTheClassesShortOfExamplesAreNamed() {
        ParseResult result = validate(lines("a -> pos", "b -> pos", "c -> neg", "d -> neg", "e -> neutral"),
                ModelType.TEXT_CLASSIFICATION);
        assertThat(errors(result)).containsExactly(
                "class 'neutral' has only 1 example; each class needs at least 2; add 1 more example labelled"
                        + " 'neutral'");
    }

    @Test
    void noExamplesPerType() {
        assertThat(errors(validate("Classify:", ModelType.TEXT_CLASSIFICATION))).containsExactly(
                "no examples found; write one example per line, like `\"I love this product!\" -> positive`");
        assertThat(errors(validate("", ModelType.INSTRUCTION_FOLLOWING))).containsExactly(
                "no examples found; write blocks of `Task: ...`, `Input: ...` and `Expected: ...` lines");
        assertThat(errors(validate("Chats:", ModelType.GENERAL_CHAT))).containsExactly(
                "no examples found; write conversations of `User: ...` and `Assistant: ...` lines");
    }

    @Test
    void countChecksAreSkippedWhenTheParseFailedWithoutExamples() {
        ParseResult result = validate("Task: only a task", ModelType.INSTRUCTION_FOLLOWING);
        assertThat(errors(result)).containsExactly(
                "line 1: 'Expected:' is missing in the block starting at line 1; add a line `Expected: <the answer>`");
    }

    @Test
    void tooManyExamples() {
        ParseResult parsed = PromptParser.parse(lines("a -> x", "b -> x", "c -> y", "d -> y"),
                ModelType.TEXT_CLASSIFICATION);
        ParseResult result = DatasetValidator.validate(parsed, new Limits(3, 100, 1000));
        assertThat(errors(result)).containsExactly("too many examples: 4; the limit is 3; split them into several datasets");
    }

    @Test
    void fieldTooLong() {
        ParseResult parsed = PromptParser.parse(lines("Task: short", "Input: " + "x".repeat(21), "Expected: ok"),
                ModelType.INSTRUCTION_FOLLOWING);
        ParseResult result = DatasetValidator.validate(parsed, new Limits(10, 20, 1000));
        assertThat(errors(result)).containsExactly(
                "line 1: the input is 21 characters long; the limit is 20; shorten it or split it into several"
                        + " examples");
    }

    @Test
    void fieldLengthCountsCodePoints() {
        ParseResult parsed = PromptParser.parse("User: " + "😀".repeat(20) + "\nAssistant: ok", ModelType.GENERAL_CHAT);
        assertThat(DatasetValidator.validate(parsed, new Limits(10, 20, 1000)).ok()).isTrue();
    }

    @Test
    void nulInAFieldOfAnExampleBuiltElsewhere() {
        ParseResult parsed = new ParseResult(ModelType.GENERAL_CHAT, "",
                List.of(ChatExample.of("hi\0", "hello", 3)), List.of(), List.of());
        assertThat(errors(DatasetValidator.validate(parsed, Limits.defaults()))).containsExactly(
                "line 3: the prompt contains a NUL character; remove it");
    }

    @Test
    void manyShortClassesAreSummarised() {
        StringBuilder text = new StringBuilder("a -> big\nb -> big\n");
        for (int i = 0; i < 25; i++) {
            text.append("t").append(i).append(" -> c").append(String.format("%02d", i)).append('\n');
        }
        List<String> errors = errors(validate(text.toString(), ModelType.TEXT_CLASSIFICATION));
        assertThat(errors).hasSize(21);
        assertThat(errors.get(0)).startsWith("class 'c00' has only 1 example");
        assertThat(errors.get(20)).isEqualTo("… and 5 more classes with fewer than 2 examples");
    }
}
