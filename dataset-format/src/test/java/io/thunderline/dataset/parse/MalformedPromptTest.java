package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static io.thunderline.dataset.parse.Fixtures.errors;
import static io.thunderline.dataset.parse.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed prompt text: each case with the exact errors it must produce. */
class MalformedPromptTest {

    private static final ModelType CLS = ModelType.TEXT_CLASSIFICATION;
    private static final ModelType INS = ModelType.INSTRUCTION_FOLLOWING;
    private static final ModelType CHAT = ModelType.GENERAL_CHAT;

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("no label after arrow", CLS, lines("Rate these:", "1. \"I love this product!\" ->"),
                        List.of("line 2, column 29: no label after '->'; write `text -> label`")),
                argumentSet("empty text before arrow", CLS, lines("Great -> positive", "   -> negative"),
                        List.of("line 2, column 4: empty text before '->'; write `text -> label`")),
                argumentSet("empty quoted text", CLS, "2. \"\" -> negative",
                        List.of("line 1, column 7: empty text before '->'; write `text -> label`")),
                argumentSet("unclosed straight quote", CLS, "3. \"I love it -> positive",
                        List.of("line 1, column 4: the quote \" is not closed before '->'; add \" at the end of the"
                                + " text")),
                argumentSet("unclosed curly quote", CLS, "“I love it -> positive",
                        List.of("line 1, column 1: the quote “ is not closed before '->'; add ” at the end of the"
                                + " text")),
                argumentSet("no separator at all", CLS, lines("Great -> positive", "I love this product"),
                        List.of("line 2, column 1: no label found; write `text -> label`, for example"
                                + " `\"I love it\" -> positive`")),
                argumentSet("quoted empty label after tab", CLS, "I love it\t\"\"",
                        List.of("line 1, column 11: no label after the tab; write `text<TAB>label`")),
                argumentSet("empty text before tab", CLS, "\"\"\tpositive",
                        List.of("line 1, column 3: empty text before the tab; write `text<TAB>label`")),
                argumentSet("label colon without text", CLS, lines("Great -> positive", "negative:"),
                        List.of("line 2, column 10: no text after 'negative:'; write `label: text`, for example"
                                + " `positive: I love it`")),
                argumentSet("unclosed quote after label colon", CLS, "positive: \"I love it",
                        List.of("line 1, column 11: the quote \" is not closed; add \" at the end of the text")),
                argumentSet("text and label swapped", CLS,
                        "positive -> I really love this product, it changed my life and I would buy it again",
                        List.of("line 1, column 12: the label after '->' is 71 characters long (at most 64); a label"
                                + " is a short class name like `positive`; write `text -> label`")),
                argumentSet("NUL character", CLS, "Great\0 -> positive",
                        List.of("line 1, column 6: the line contains a NUL character; remove it")),
                argumentSet("conflicting labels", ModelType.SENTIMENT_ANALYSIS,
                        lines("1. Fine -> neutral", "2. Bad -> negative", "3. Fine -> positive"),
                        List.of("line 3: the same text is labelled 'positive' here and 'neutral' on line 1; keep one"
                                + " label per text: fix or delete one of the two lines")),
                argumentSet("block without Expected", INS, lines("Instruction following:", "Task: Summarize",
                                "Input: some text"),
                        List.of("line 2: 'Expected:' is missing in the block starting at line 2; add a line"
                                + " `Expected: <the answer>`")),
                argumentSet("block without Task", INS, lines("Input: some text", "Expected: a summary"),
                        List.of("line 1: 'Task:' is missing in the block starting at line 1; add a line"
                                + " `Task: <what to do>`")),
                argumentSet("block with only text", INS, lines("Task: a", "Expected: b", "", "Input: lonely"),
                        List.of("line 4: 'Task:' is missing in the block starting at line 4; add a line"
                                + " `Task: <what to do>`",
                                "line 4: 'Expected:' is missing in the block starting at line 4; add a line"
                                        + " `Expected: <the answer>`")),
                argumentSet("empty Task", INS, lines("Task:", "Expected: 42"),
                        List.of("line 1, column 6: 'Task:' is empty; write what to do after 'Task:'")),
                argumentSet("empty Output synonym", INS, lines("Instruction: Add 2 and 2", "Output:   "),
                        List.of("line 2, column 8: 'Output:' is empty; write the expected answer after 'Output:'")),
                argumentSet("repeated Expected", INS, lines("Task: a", "Expected: b", "Expected: c"),
                        List.of("line 3: 'Task:' is missing in the block starting at line 3; add a line"
                                + " `Task: <what to do>`")),
                argumentSet("NUL character in a block", INS, lines("Task: a", "Input: x\0y", "Expected: b"),
                        List.of("line 2, column 9: the line contains a NUL character; remove it")),
                argumentSet("conversation starting with the assistant", CHAT, lines("Assistant: Hello", "User: Hi"),
                        List.of("line 1: the conversation starting at line 1 begins with an assistant turn; start it"
                                + " with a line `User: <the message>`")),
                argumentSet("conversation without reply", CHAT, lines("User: Hi", "User: Anyone there?"),
                        List.of("line 1: the conversation starting at line 1 has no assistant turn; add a line"
                                + " `Assistant: <the reply>`")),
                argumentSet("empty assistant turn", CHAT, lines("User: Hi", "Assistant:"),
                        List.of("line 2, column 11: 'Assistant:' is empty; write the assistant's message after"
                                + " 'Assistant:'")),
                argumentSet("second block starts with the assistant", CHAT,
                        lines("User: Hi", "Assistant: Hello", "", "A: Bye"),
                        List.of("line 4: the conversation starting at line 4 begins with an assistant turn; start it"
                                + " with a line `User: <the message>`")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactErrors(ModelType type, String text, List<String> expected) {
        ParseResult result = PromptParser.parse(text, type);
        assertThat(result.ok()).isFalse();
        assertThat(errors(result)).containsExactlyElementsOf(expected);
    }
}
