package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses text classification and sentiment analysis prompts: one example per line.
 *
 * <p>Accepted line forms (each may start with numbering {@code 1.} / {@code 1)} / {@code (1)} or a bullet
 * {@code -} / {@code *} / {@code •}, and the text may be in straight or typographic, double or single
 * quotes):
 * <pre>
 * 1. "I love this product!" -&gt; positive     (also → instead of -&gt;)
 * I love this product!&lt;TAB&gt;positive
 * positive: I love this product!           (only when the label is one word, and a space follows ':')
 * </pre>
 * The last {@code ->} (or tab) on a line separates text and label, so the text may contain arrows. Labels are
 * trimmed, unquoted, stripped of trailing {@code . , ;} and lower-cased.
 *
 * <p>Before the first example, heading lines are the task description rather than examples: a line ending
 * with {@code :} ("Classify customer sentiment:"), a Markdown heading ({@code # ...}), a line whose part
 * before ':' has several words ("Classify reviews: positive or negative"), or a line starting with
 * {@code Task:}, {@code Labels:}, {@code Classes:}, {@code Categories:}, {@code Description:},
 * {@code Instructions:} or {@code Note:}. Blank lines are skipped silently. An exact repeat (same text and
 * label) is dropped with a warning; the same text with another label is an error.
 */
public final class ClassificationPromptParser {

    private static final Pattern NUMBERING = Pattern.compile(
            "(?:\\d{1,6}[.)]|\\(\\d{1,6}\\)|[-*•+])\\s+|\\d{1,6}[.)](?=[\"“„«'‘])");
    private static final Pattern LABEL_COLON = Pattern.compile(
            "([\\p{L}\\p{N}_][\\p{L}\\p{N}_.\\-]{0,39}):(?:\\s+(.*))?", Pattern.DOTALL);
    private static final Set<String> DESCRIPTION_KEYS = Set.of(
            "task", "label", "labels", "class", "classes", "categories", "description", "instruction",
            "instructions", "note", "notes");

    private ClassificationPromptParser() {
    }

    /**
     * @param type {@link ModelType#TEXT_CLASSIFICATION} or {@link ModelType#SENTIMENT_ANALYSIS}
     */
    public static ParseResult parse(String text, ModelType type) {
        if (!type.classification()) {
            throw new IllegalArgumentException(type + " is not a classification type");
        }
        ResultBuilder out = new ResultBuilder(type, null);
        List<String> lines = Texts.lines(text);
        boolean examplesStarted = false;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int lineNo = i + 1;
            int start = Texts.firstNonBlank(raw);
            if (start < 0) {
                continue;
            }
            int nul = raw.indexOf('\0');
            if (nul >= 0) {
                out.error(ParseIssue.at(lineNo, Texts.column(raw, nul), "the line contains a NUL character",
                        "remove it"));
                examplesStarted = true;
                continue;
            }
            int end = Texts.endOfNonBlank(raw);
            Matcher numbering = NUMBERING.matcher(raw).region(start, end);
            int bodyStart = numbering.lookingAt() ? numbering.end() : start;
            String body = raw.substring(bodyStart, end);
            int arrow = arrowIndex(body);
            int tab = body.lastIndexOf('\t');
            if (!examplesStarted && arrow < 0 && tab < 0 && isDescription(body)) {
                out.describe(headingText(raw.substring(start, end)));
                continue;
            }
            examplesStarted = true;
            Line line = new Line(raw, lineNo, bodyStart, body);
            if (arrow >= 0) {
                line.separated(out, arrow, body.startsWith("→", arrow) ? 1 : 2,
                        "'" + (body.startsWith("→", arrow) ? "→" : "->") + "'", "write `text -> label`");
            } else if (tab >= 0) {
                line.separated(out, tab, 1, "the tab", "write `text<TAB>label`");
            } else {
                Matcher labelColon = LABEL_COLON.matcher(body);
                if (labelColon.matches()) {
                    line.labelColon(out, labelColon);
                } else if (body.endsWith(":")) {
                    out.warn(ParseIssue.atLine(lineNo,
                            "'" + Texts.shorten(body, 40) + "' looks like a heading and was ignored",
                            "headings are only read before the first example"));
                } else {
                    out.error(ParseIssue.at(lineNo, Texts.column(raw, bodyStart), "no label found",
                            "write `text -> label`, for example `\"I love it\" -> positive`"));
                }
            }
        }
        return out.build();
    }

    private static int arrowIndex(String body) {
        return Math.max(body.lastIndexOf("->"), body.lastIndexOf('→'));
    }

    private static boolean isDescription(String body) {
        if (body.startsWith("#") || body.endsWith(":")) {
            return true;
        }
        int colon = body.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        Matcher labelColon = LABEL_COLON.matcher(body);
        if (labelColon.matches()) {
            return DESCRIPTION_KEYS.contains(labelColon.group(1).toLowerCase(Locale.ROOT));
        }
        // "Classify reviews: positive or negative" - several words before ':' and text after it
        String before = body.substring(0, colon).strip();
        return before.contains(" ") && colon + 1 < body.length() && Character.isWhitespace(body.charAt(colon + 1));
    }

    private static String headingText(String line) {
        String heading = line.replaceFirst("^#+\\s*", "");
        if (heading.endsWith(":")) {
            heading = heading.substring(0, heading.length() - 1);
        }
        return heading.strip();
    }

    /** One non-blank example line: the raw line, its number and where the body (after numbering) starts. */
    private record Line(String raw, int lineNo, int bodyStart, String body) {

        private int col(int bodyIndex) {
            return Texts.column(raw, bodyStart + bodyIndex);
        }

        /** {@code text SEP label}, with the separator at {@code sep} (length {@code sepLength}). */
        void separated(ResultBuilder out, int sep, int sepLength, String sepName, String hint) {
            String left = body.substring(0, sep).strip();
            String right = body.substring(sep + sepLength).strip();
            if (left.isEmpty()) {
                out.error(ParseIssue.at(lineNo, col(sep), "empty text before " + sepName, hint));
                return;
            }
            Texts.Unquoted text = Texts.unquote(left);
            if (text.unclosed()) {
                out.error(ParseIssue.at(lineNo, col(0),
                        "the quote " + text.opening() + " is not closed before " + sepName,
                        "add " + text.closing() + " at the end of the text"));
                return;
            }
            if (text.value().isEmpty()) {
                out.error(ParseIssue.at(lineNo, col(sep), "empty text before " + sepName, hint));
                return;
            }
            int labelIndex = sep + sepLength;
            String label = Texts.normalizeLabel(right);
            if (label.isEmpty()) {
                out.error(ParseIssue.at(lineNo, col(labelIndex), "no label after " + sepName, hint));
                return;
            }
            if (!checkLabelLength(out, label, col(labelIndex), "the label after " + sepName, hint)) {
                return;
            }
            out.add(new ClassificationExample(text.value(), label, lineNo));
        }

        /** {@code label: text}. */
        void labelColon(ResultBuilder out, Matcher m) {
            String labelWritten = m.group(1);
            String rest = m.group(2) == null ? "" : m.group(2).strip();
            int textIndex = m.end(1) + 1;
            if (rest.isEmpty()) {
                out.error(ParseIssue.at(lineNo, col(textIndex), "no text after '" + labelWritten + ":'",
                        "write `label: text`, for example `positive: I love it`"));
                return;
            }
            Texts.Unquoted text = Texts.unquote(rest);
            if (text.unclosed()) {
                out.error(ParseIssue.at(lineNo, col(m.start(2)),
                        "the quote " + text.opening() + " is not closed",
                        "add " + text.closing() + " at the end of the text"));
                return;
            }
            if (text.value().isEmpty()) {
                out.error(ParseIssue.at(lineNo, col(textIndex), "no text after '" + labelWritten + ":'",
                        "write `label: text`, for example `positive: I love it`"));
                return;
            }
            out.add(new ClassificationExample(text.value(), Texts.normalizeLabel(labelWritten), lineNo));
        }

        private boolean checkLabelLength(ResultBuilder out, String label, int column, String what, String hint) {
            if (label.length() <= Texts.MAX_LABEL_CHARS) {
                return true;
            }
            out.error(ParseIssue.at(lineNo, column,
                    what + " is " + Texts.number(label.length()) + " characters long (at most "
                            + Texts.MAX_LABEL_CHARS + ")",
                    "a label is a short class name like `positive`; " + hint));
            return false;
        }
    }
}
