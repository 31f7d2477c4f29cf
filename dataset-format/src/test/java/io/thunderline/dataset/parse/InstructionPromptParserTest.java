package io.thunderline.dataset.parse;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.lines;
import static io.thunderline.dataset.parse.Fixtures.rows;
import static io.thunderline.dataset.parse.Fixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstructionPromptParserTest {

    @Test
    void guideExample() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Instruction following:",
                "",
                "Task: Summarize the following text",
                "Input: [long text here]",
                "Expected: [short summary]"));
        assertThat(result.ok()).isTrue();
        assertThat(result.taskDescription()).isEqualTo("Instruction following");
        assertThat(result.examples()).containsExactly(new InstructionExample(
                "Summarize the following text", "[long text here]", "[short summary]", 3));
        assertThat(result.examples().get(0).csvRow())
                .containsExactly("Summarize the following text", "[long text here]", "[short summary]");
    }

    @Test
    void severalBlocksWithOptionalInput() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: Translate to French",
                "Input: Good morning",
                "Expected: Bonjour",
                "",
                "Task: Name a primary colour",
                "Expected: Red"));
        assertThat(rows(result)).containsExactly(
                "Translate to French | Good morning | Bonjour", "Name a primary colour |  | Red");
        assertThat(result.examples()).extracting(Example::line).containsExactly(1, 5);
    }

    @Test
    void valuesSpanLinesAndKeepParagraphs() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: Summarize",
                "the following text",
                "Input:",
                "First paragraph.",
                "",
                "Second paragraph,",
                "    indented line.",
                "Expected: Two",
                "paragraphs."));
        assertThat(result.errors()).isEmpty();
        InstructionExample example = (InstructionExample) result.examples().get(0);
        assertThat(example.task()).isEqualTo("Summarize\nthe following text");
        assertThat(example.input()).isEqualTo("First paragraph.\n\nSecond paragraph,\n    indented line.");
        assertThat(example.expected()).isEqualTo("Two\nparagraphs.");
    }

    @Test
    void keysAreCaseInsensitiveAndHaveSynonyms() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "INSTRUCTION: Add the numbers",
                "context: 2 and 3",
                "Output: 5",
                "",
                "prompt: Capital of Italy?",
                "Response: Rome",
                "",
                "Task: Opposite of hot",
                "Answer: cold",
                "",
                "1. Task: Spell cat backwards",
                "2. Expected output: tac"));
        assertThat(rows(result)).containsExactly(
                "Add the numbers | 2 and 3 | 5", "Capital of Italy? |  | Rome", "Opposite of hot |  | cold",
                "Spell cat backwards |  | tac");
    }

    @Test
    void taskWithoutBlankLineStartsANewBlock() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: one", "Expected: 1", "Task: two", "Expected: 2"));
        assertThat(rows(result)).containsExactly("one |  | 1", "two |  | 2");
    }

    @Test
    void blankLineInsideABlockBeforeItsExpectedLineIsTolerated() {
        ParseResult result = InstructionPromptParser.parse(lines("Task: one", "", "Expected: 1"));
        assertThat(rows(result)).containsExactly("one |  | 1");
    }

    @Test
    void duplicateBlockIsDroppedWithAWarning() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: one", "Expected: 1", "", "Task: one", "Expected: 1"));
        assertThat(rows(result)).containsExactly("one |  | 1");
        assertThat(warnings(result)).containsExactly(
                "line 4: duplicate of line 1 (same task, input and expected answer); this line is dropped");
    }

    @Test
    void sameTaskWithAnotherAnswerIsKept() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: Name a colour", "Expected: red", "", "Task: Name a colour", "Expected: blue"));
        assertThat(rows(result)).hasSize(2);
        assertThat(result.ok()).isTrue();
    }

    @Test
    void badBlockDoesNotHideTheGoodOnes() {
        ParseResult result = InstructionPromptParser.parse(lines(
                "Task: one", "Expected: 1", "", "Task: two", "", "Task: three", "Expected: 3"));
        assertThat(rows(result)).containsExactly("one |  | 1", "three |  | 3");
        assertThat(errors(result)).containsExactly(
                "line 4: 'Expected:' is missing in the block starting at line 4; add a line `Expected: <the answer>`");
    }
}
