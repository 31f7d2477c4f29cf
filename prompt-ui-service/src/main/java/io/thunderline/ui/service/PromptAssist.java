package io.thunderline.ui.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.ChatExample;
import io.thunderline.dataset.parse.ClassificationExample;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.parse.InstructionExample;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.ui.client.TrainerApi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt text of the page as the trainer's assistant reads it, and the assistant's answers back in the page's
 * terms: the same parser as dataset-service (dataset-format) finds the examples and the lines each one spans, so that a
 * suggestion names the lines of the text area and a fix says which lines to remove or what a line becomes.
 */
public final class PromptAssist {
    /** The trainer's assistant takes at most this many lines per call. */
    public static final int MAX_LINES = 5_000;
    /** A line to label longer than this is not a line of text but a paste gone wrong. */
    public static final int MAX_LINE_CHARS = 10_000;

    private static final Pattern EXACT_DUPLICATE = Pattern.compile("^duplicate of line (\\d+)\\b");
    private static final Pattern ARROW = Pattern.compile("->|→");
    private static final Pattern NUMBERING = Pattern.compile(
            "^\\s*(?:(?:\\d{1,6}[.)]|\\(\\d{1,6}\\)|[-*•+])\\s+|\\d{1,6}[.)](?=[\"“„«'‘]))?");

    private PromptAssist() {
    }

    /** The lines {@code first}..{@code last} (1-based) hold one example; {@code alone}: no other example starts there. */
    public record Span(int first, int last, boolean alone) {
    }

    /**
     * A parsed prompt: for classification types its examples, for language models its prompt/answer pairs, in the
     * order the trainer indexes them, with each one's lines.
     */
    public record Parsed(ModelType type, List<String> lines, List<TrainerApi.AssistExample> examples,
                         List<TrainerApi.AssistPair> pairs, List<Span> spans, List<ParseIssue> warnings) {
        public int size() {
            return spans.size();
        }

        /** The labels of the examples, sorted. */
        public List<String> labels() {
            Set<String> labels = new TreeSet<>();
            examples.forEach(e -> labels.add(e.label()));
            return List.copyOf(labels);
        }
    }

    /** What the page shows: the message, the lines it concerns, and the one-click fix if there is one. */
    public record PageSuggestion(String kind, String message, List<Integer> lines, PageFix fix) {
    }

    /**
     * Remove lines {@code line}..{@code lastLine}, or (RELABEL) replace line {@code line} by {@code replacement}.
     * {@code original} is the text of those lines as checked: the page applies the fix only where it still finds it.
     */
    public record PageFix(String action, int line, int lastLine, String original, String replacement, String label) {
    }

    public record PageSuggestions(int checked, List<PageSuggestion> suggestions) {
    }

    /** Parses {@code text}; text that dataset-service would refuse is a form error on the text with its first issue. */
    public static Parsed parse(String text, ModelType type) {
        if (text == null || text.isBlank()) {
            throw new FormError("promptText", "Training text is empty: type or paste examples first.");
        }
        ParseResult result = PromptParser.parse(text, type);
        if (!result.ok()) {
            throw new FormError("promptText", "Fix the training text first: " + result.errors().get(0)
                    + (result.errors().size() > 1 ? " (+" + (result.errors().size() - 1) + " more)" : ""));
        }
        List<Example> examples = result.examples();
        if (examples.isEmpty()) {
            throw new FormError("promptText", "The training text has no examples yet.");
        }
        if (examples.size() > MAX_LINES) {
            throw new FormError("promptText", "The training text has " + examples.size() + " examples; the assistant "
                    + "checks at most " + MAX_LINES + ".");
        }
        List<String> lines = text.lines().toList();
        List<TrainerApi.AssistExample> labelled = new ArrayList<>();
        List<TrainerApi.AssistPair> pairs = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        List<Integer> starts = examples.stream().map(Example::line).distinct().sorted().toList();
        for (Example example : examples) {
            if (example instanceof ClassificationExample c) {
                labelled.add(new TrainerApi.AssistExample(c.text(), c.label()));
            } else if (example instanceof InstructionExample i) {
                pairs.add(new TrainerApi.AssistPair(i.input().isEmpty() ? i.task() : i.task() + "\n" + i.input(),
                        i.expected()));
            } else if (example instanceof ChatExample c) {
                pairs.add(new TrainerApi.AssistPair(c.prompt(), c.response()));
            }
            spans.add(span(example, examples, starts, lines));
        }
        return new Parsed(type, lines, labelled, pairs, spans, result.warnings());
    }

    private static Span span(Example example, List<Example> all, List<Integer> starts, List<String> lines) {
        int first = example.line();
        boolean alone = all.stream().filter(e -> e.line() == first).count() == 1;
        if (example instanceof ClassificationExample) {
            return new Span(first, first, alone);
        }
        int next = starts.stream().filter(s -> s > first).findFirst().orElse(lines.size() + 1);
        int last = next - 1;
        while (last > first && isFiller(lines.get(last - 1))) {
            last--;
        }
        return new Span(first, last, alone);
    }

    /** A blank line or a separator ("---") between two examples: not part of either. */
    private static boolean isFiller(String line) {
        return line.isBlank() || line.strip().matches("[-=*_#~]{3,}");
    }

    /** The trainer's suggestions in lines of the text, plus the exact repeats the parser would drop. */
    public static PageSuggestions toPage(Parsed parsed, TrainerApi.Suggestions found) {
        List<PageSuggestion> out = new ArrayList<>();
        exactRepeats(parsed, out);
        for (TrainerApi.Suggestion s : found.suggestions()) {
            List<Integer> lines = s.examples() == null ? List.of() : s.examples().stream()
                    .filter(i -> i >= 0 && i < parsed.size()).map(i -> parsed.spans().get(i).first()).toList();
            out.add(new PageSuggestion(s.kind(), s.message(), lines, fix(parsed, s.fix())));
        }
        return new PageSuggestions(found.checked(), out);
    }

    private static void exactRepeats(Parsed parsed, List<PageSuggestion> out) {
        if (!parsed.type().classification()) {
            return;
        }
        for (ParseIssue warning : parsed.warnings()) {
            Matcher m = EXACT_DUPLICATE.matcher(warning.message());
            if (m.find() && warning.line() > 0 && warning.line() <= parsed.lines().size()) {
                int line = warning.line();
                out.add(new PageSuggestion("DUPLICATE", "line " + line + " repeats line " + m.group(1)
                        + " exactly: it would be dropped when stored", List.of(Integer.parseInt(m.group(1)), line),
                        new PageFix("REMOVE", line, line, parsed.lines().get(line - 1), null, null)));
            }
        }
    }

    /** The page's fix; none for a relabel to the label the line already has (nothing to click). */
    private static PageFix fix(Parsed parsed, TrainerApi.Fix fix) {
        if (fix == null || fix.example() < 0 || fix.example() >= parsed.size()) {
            return null;
        }
        Span span = parsed.spans().get(fix.example());
        if (!span.alone()) {
            return null; // one turn of a longer conversation: which lines to edit is for the person to decide
        }
        String original = String.join("\n", parsed.lines().subList(span.first() - 1, span.last()));
        if ("REMOVE".equals(fix.action())) {
            return new PageFix("REMOVE", span.first(), span.last(), original, null, null);
        }
        if ("RELABEL".equals(fix.action()) && parsed.type().classification() && fix.label() != null
                && !fix.label().isBlank() && !fix.label().equals(parsed.examples().get(fix.example()).label())) {
            String replacement = relabelled(original, parsed.examples().get(fix.example()).text(), fix.label());
            return new PageFix("RELABEL", span.first(), span.first(), original, replacement, fix.label());
        }
        return null;
    }

    /**
     * A classification line with another label, written as the person wrote it: {@code text -> label} and
     * {@code text<TAB>label} keep everything before the separator; a {@code label: text} line becomes
     * {@code "text" -> label} after its numbering (a label of several words cannot stand before a colon).
     */
    public static String relabelled(String line, String text, String label) {
        int arrow = -1;
        int arrowLength = 0;
        Matcher m = ARROW.matcher(line);
        while (m.find()) {
            arrow = m.start();
            arrowLength = m.end() - m.start();
        }
        if (arrow >= 0) {
            return line.substring(0, arrow + arrowLength) + " " + label;
        }
        int tab = line.lastIndexOf('\t');
        if (tab >= 0) {
            return line.substring(0, tab + 1) + label;
        }
        Matcher numbering = NUMBERING.matcher(line);
        String prefix = numbering.lookingAt() ? numbering.group() : "";
        return prefix + labelledLine(text, label);
    }

    /** A new example line as the classification parser reads it: the quoted text, an arrow, the label. */
    public static String labelledLine(String text, String label) {
        return "\"" + text.strip() + "\" -> " + label.strip();
    }

    /** Lines to label: one per line, blanks dropped; too many or too long ones are a form error on "unlabelled". */
    public static List<String> unlabelled(List<String> given) {
        List<String> lines = given == null ? List.of() : given.stream().filter(s -> s != null && !s.isBlank())
                .flatMap(s -> s.lines()).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new FormError("unlabelled", "Paste the lines to label, one text per line.");
        }
        if (lines.size() > MAX_LINES) {
            throw new FormError("unlabelled", "There are " + lines.size() + " lines to label; at most " + MAX_LINES
                    + " at a time.");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length() > MAX_LINE_CHARS) {
                throw new FormError("unlabelled", "Line " + (i + 1) + " to label has " + lines.get(i).length()
                        + " characters; at most " + MAX_LINE_CHARS + ".");
            }
            TextChecks.refuseBinary(lines.get(i), "unlabelled");
        }
        return lines;
    }

    /** The labels a job's proposals offer (every alternative), sorted. */
    public static List<String> labelsOf(TrainerApi.Proposals proposals) {
        Set<String> labels = new TreeSet<>(Comparator.naturalOrder());
        proposals.proposals().forEach(p -> {
            labels.add(p.label());
            if (p.alternatives() != null) {
                p.alternatives().forEach(a -> labels.add(a.label()));
            }
        });
        return List.copyOf(labels);
    }
}
