package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses general chat prompts: conversations of turns, one conversation per blank-line-separated block.
 * <pre>
 * User: Hi, where is my order?
 * Assistant: Let me check. What is the order number?
 * User: 12345
 * Assistant: It ships tomorrow.
 *
 * Q: What is the capital of France?
 * A: Paris.
 * </pre>
 * Speaker keys are case-insensitive: {@code User:}, {@code Human:}, {@code Q:}, {@code Question:} for the user
 * and {@code Assistant:}, {@code AI:}, {@code A:}, {@code Answer:} for the assistant. A turn continues on the
 * following lines up to the next key; a non-key line after a blank line continues the last turn as a new
 * paragraph. After a blank line a user key starts a new conversation, and so does an assistant key when the
 * conversation's last turn is already an assistant turn (an assistant key right after an unanswered user turn
 * continues the conversation). Lines before the first conversation are the task description.
 *
 * <p>Each assistant turn becomes one {@link ChatExample} holding the turns up to it (see {@link ChatExample}
 * for the CSV form). A conversation must start with a user turn and contain at least one assistant turn; a
 * final user turn without a reply is dropped with a warning.
 */
public final class ChatPromptParser {

    private static final Pattern KEY = Pattern.compile(
            "\\s*(user|human|q|question|assistant|ai|a|answer)\\s*:(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private ChatPromptParser() {
    }

    public static ParseResult parse(String text) {
        ResultBuilder out = new ResultBuilder(ModelType.GENERAL_CHAT, null);
        Conversation conversation = null;
        for (Texts.ContentLine line : Texts.contentLines(text, out)) {
            String raw = line.text();
            int lineNo = line.number();
            boolean afterBlank = line.afterBlank();
            Matcher m = KEY.matcher(raw);
            if (m.matches()) {
                Turn.Role role = roleOf(m.group(1));
                boolean startsNew = conversation == null
                        || afterBlank && (role == Turn.Role.USER || conversation.lastRole() == Turn.Role.ASSISTANT);
                if (startsNew) {
                    if (conversation != null) {
                        conversation.finish(out);
                    }
                    conversation = new Conversation(lineNo);
                }
                conversation.turns.add(new TurnBuilder(role, m.group(1), lineNo,
                        Texts.column(raw, m.end(1) + 1), m.group(2)));
            } else if (conversation == null) {
                out.describe(raw.strip().replaceFirst(":$", ""));
            } else {
                conversation.last().append(raw.stripTrailing(), afterBlank);
            }
        }
        if (conversation != null) {
            conversation.finish(out);
        }
        return out.build();
    }

    private static Turn.Role roleOf(String written) {
        return switch (written.toLowerCase(Locale.ROOT)) {
            case "user", "human", "q", "question" -> Turn.Role.USER;
            default -> Turn.Role.ASSISTANT;
        };
    }

    private static final class TurnBuilder {
        final Turn.Role role;
        final String keyWritten;
        final int line;
        final int valueColumn;
        final StringBuilder value;

        TurnBuilder(Turn.Role role, String keyWritten, int line, int valueColumn, String firstLine) {
            this.role = role;
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

        Turn build() {
            return new Turn(role, value.toString().strip(), line);
        }
    }

    private static final class Conversation {
        final int startLine;
        final List<TurnBuilder> turns = new ArrayList<>();

        Conversation(int startLine) {
            this.startLine = startLine;
        }

        TurnBuilder last() {
            return turns.get(turns.size() - 1);
        }

        Turn.Role lastRole() {
            return last().role;
        }

        void finish(ResultBuilder out) {
            TurnBuilder first = turns.get(0);
            if (first.role != Turn.Role.USER) {
                out.error(ParseIssue.atLine(startLine,
                        "the conversation starting at line " + startLine + " begins with an assistant turn",
                        "start it with a line `User: <the message>`"));
                return;
            }
            if (turns.stream().noneMatch(t -> t.role == Turn.Role.ASSISTANT)) {
                out.error(ParseIssue.atLine(startLine,
                        "the conversation starting at line " + startLine + " has no assistant turn",
                        "add a line `Assistant: <the reply>`"));
                return;
            }
            List<Turn> built = new ArrayList<>(turns.size());
            boolean ok = true;
            for (TurnBuilder turn : turns) {
                Turn t = turn.build();
                if (t.text().isEmpty()) {
                    String who = turn.role == Turn.Role.USER ? "user" : "assistant";
                    out.error(ParseIssue.at(turn.line, turn.valueColumn,
                            "'" + turn.keyWritten + ":' is empty",
                            "write the " + who + "'s message after '" + turn.keyWritten + ":'"));
                    ok = false;
                }
                built.add(t);
            }
            if (!ok) {
                return;
            }
            for (int i = 1; i < built.size(); i++) {
                if (built.get(i).role() == Turn.Role.ASSISTANT) {
                    out.add(new ChatExample(built.subList(0, i + 1), startLine));
                }
            }
            if (last().role == Turn.Role.USER) {
                out.warn(ParseIssue.atLine(last().line, "this user turn has no reply and is not used",
                        "add a line `Assistant: <the reply>` after it"));
            }
        }
    }
}
