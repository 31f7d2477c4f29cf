package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses instruction-following prompts: blocks of
 * <pre>
 * Task: Summarize the following text
 * Input: [long text here]
 * Expected: [short summary]
 * </pre>
 * separated by blank lines. Keys are case-insensitive and may be numbered or bulleted; synonyms:
 * {@code Instruction:} or {@code Prompt:} for Task, {@code Context:} for Input, {@code Output:},
 * {@code Expected output:}, {@code Response:} or {@code Answer:} for Expected. Input is optional.
 *
 * <p>A value starts after its key and continues on the following lines up to the next key. A blank line ends a
 * block, but a non-key line after a blank line continues the last value as a new paragraph, so multi-paragraph
 * inputs and answers work, and a key after a blank line still belongs to the block above when that block has
 * no Task or no Expected yet. Any {@code Task:} starts a new block (even without a blank line before it), as
 * does a repeated key. Lines before the first block (such as "Instruction following:") are the task
 * description. A block without Task or Expected, or with an empty one, is an error naming the block's line.
 */
public final class InstructionPromptParser {

    private static final Pattern KEY = Pattern.compile(
            "\\s*(?:(?:\\d{1,6}[.)]|[-*•])\\s+)?(task|instruction|prompt|input|context|expected\\s+output|expected"
                    + "|output|response|answer)\\s*:(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private enum Key { TASK, INPUT, EXPECTED }

    private InstructionPromptParser() {
    }

    public static ParseResult parse(String text) {
        ResultBuilder out = new ResultBuilder(ModelType.INSTRUCTION_FOLLOWING, null);
        Block block = null;
        for (Texts.ContentLine line : Texts.contentLines(text, out)) {
            String raw = line.text();
            int lineNo = line.number();
            boolean afterBlank = line.afterBlank();
            Matcher m = KEY.matcher(raw);
            if (m.matches()) {
                Key key = keyOf(m.group(1));
                if (block == null || key == Key.TASK || block.field(key) != null
                        || afterBlank && block.complete()) {
                    if (block != null) {
                        block.finish(out);
                    }
                    block = new Block(lineNo);
                }
                block.set(key, new Field(m.group(1), lineNo, Texts.column(raw, m.end(1) + 1), m.group(2)));
            } else if (block == null) {
                out.describe(raw.strip().replaceFirst(":$", ""));
            } else {
                block.last.append(raw.stripTrailing(), afterBlank);
            }
        }
        if (block != null) {
            block.finish(out);
        }
        return out.build();
    }

    private static Key keyOf(String written) {
        String key = written.toLowerCase(Locale.ROOT);
        if (key.equals("task") || key.equals("instruction") || key.equals("prompt")) {
            return Key.TASK;
        }
        if (key.equals("input") || key.equals("context")) {
            return Key.INPUT;
        }
        return Key.EXPECTED;
    }

    /** One value: where its key is, and its text. */
    private static final class Field {
        final String keyWritten;
        final int line;
        final int valueColumn;
        final StringBuilder value;

        Field(String keyWritten, int line, int valueColumn, String firstLine) {
            this.keyWritten = keyWritten;
            this.line = line;
            this.valueColumn = valueColumn;
            this.value = new StringBuilder(firstLine.strip());
        }

        void append(String line, boolean newParagraph) {
            if (value.length() > 0) {
                value.append(newParagraph ? "\n\n" : "\n");
            }
            value.append(value.length() == 0 ? line.strip() : line);
        }

        String text() {
            return value.toString().strip();
        }
    }

    private static final class Block {
        final int startLine;
        Field task;
        Field input;
        Field expected;
        Field last;

        Block(int startLine) {
            this.startLine = startLine;
        }

        boolean complete() {
            return task != null && expected != null;
        }

        Field field(Key key) {
            return switch (key) {
                case TASK -> task;
                case INPUT -> input;
                case EXPECTED -> expected;
            };
        }

        void set(Key key, Field field) {
            switch (key) {
                case TASK -> task = field;
                case INPUT -> input = field;
                case EXPECTED -> expected = field;
            }
            last = field;
        }

        void finish(ResultBuilder out) {
            boolean ok = true;
            if (task == null) {
                out.error(ParseIssue.atLine(startLine,
                        "'Task:' is missing in the block starting at line " + startLine,
                        "add a line `Task: <what to do>`"));
                ok = false;
            } else if (task.text().isEmpty()) {
                out.error(ParseIssue.at(task.line, task.valueColumn, "'" + task.keyWritten + ":' is empty",
                        "write what to do after '" + task.keyWritten + ":'"));
                ok = false;
            }
            if (expected == null) {
                out.error(ParseIssue.atLine(startLine,
                        "'Expected:' is missing in the block starting at line " + startLine,
                        "add a line `Expected: <the answer>`"));
                ok = false;
            } else if (expected.text().isEmpty()) {
                out.error(ParseIssue.at(expected.line, expected.valueColumn,
                        "'" + expected.keyWritten + ":' is empty",
                        "write the expected answer after '" + expected.keyWritten + ":'"));
                ok = false;
            }
            if (ok) {
                out.add(new InstructionExample(task.text(), input == null ? "" : input.text(), expected.text(),
                        startLine));
            }
        }
    }
}
