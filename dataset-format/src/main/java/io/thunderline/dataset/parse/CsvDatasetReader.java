package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an uploaded CSV file (RFC 4180: comma separated, fields with commas, quotes or line breaks in double
 * quotes, a quote inside quotes doubled) as a stream, record by record, without ever holding the whole file.
 *
 * <p>Columns: {@code text,label} for classification and sentiment, {@code instruction,input,output} for
 * instruction following ({@code input} optional), {@code prompt,response} for chat. The first row is a header
 * when it names every required column (case-insensitively; a few synonyms are accepted too, e.g.
 * {@code sentence}/{@code category}, {@code task}/{@code expected}, {@code question}/{@code answer}); the
 * columns may then be in any order and extra columns are ignored with a warning. Otherwise every row is data,
 * read by position (for instruction following, two columns mean {@code instruction,output}). Values are
 * trimmed; labels lower-cased. Blank rows are skipped (one warning counts them) and trailing empty cells are
 * ignored.
 *
 * <p>The file is refused as a whole, reading stopped, when it is larger than {@code maxBytes}, is not valid
 * UTF-8 (a byte order mark is fine), contains a NUL byte, has a quoted value that is never closed or text after
 * a closing quote. Row problems (wrong number of columns, an empty value) are errors naming the line (the
 * physical line where the row starts) and the column (the field number, 1-based); reading goes on so that all
 * of them are reported. Duplicates are handled as for prompt text.
 *
 * <p>The stream is not closed. Genuine read failures of the stream are thrown as {@link IOException}.
 *
 * <p>Over 300 lines because it is one streaming state machine (quotes, line ends, limits, header detection) that
 * reads each byte once; its row checks live in {@link ResultBuilder}.
 */
public final class CsvDatasetReader {

    /** 50 MB, the upload limit from the issue. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;

    /** Rows (one record, possibly several lines) longer than this many characters are refused. */
    static final long MIN_MAX_ROW_CHARS = 1L << 20;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
    /** commons-csv formats line numbers with the default locale's grouping ("startline 2,502"). */
    private static final Pattern LINE_IN_MESSAGE =
            Pattern.compile("(?:startline|at line:)\\s*(\\d(?:[\\d,.'\u00a0\u202f]*\\d)?)");

    private CsvDatasetReader() {
    }

    /**
     * Reads the whole file, keeping every example in the result.
     *
     * @param maxBytes the largest file accepted, e.g. {@link #DEFAULT_MAX_BYTES}
     */
    public static ParseResult read(InputStream in, ModelType type, long maxBytes) throws IOException {
        return read(in, type, maxBytes, null, null);
    }

    /**
     * Reads the file as a stream, handing each accepted example to {@code sink} instead of keeping it: the
     * result has no {@link ParseResult#examples()} but counts everything ({@link ParseResult#exampleCount()},
     * {@link ParseResult#labelCounts()}), so memory does not grow with the examples' text (only about 32 bytes
     * per example for duplicate detection). When {@code limits} is given, each example is also checked with
     * {@link DatasetValidator#checkExample(Example, Limits)} and not handed on if it fails.
     *
     * <p>The sink sees examples before the end of the file is known to be valid: if the result is not
     * {@link ParseResult#ok()}, everything the sink received must be discarded (e.g. roll back the transaction).
     * Pass the result to {@link DatasetValidator#validate(ParseResult, Limits)} for the dataset-level checks.
     *
     * @param sink receives the examples in file order; null keeps them in the result instead
     */
    public static ParseResult read(InputStream in, ModelType type, long maxBytes, Limits limits,
                                   Consumer<? super Example> sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(type, "type");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        ResultBuilder out = new ResultBuilder(type, sink);
        long maxRowChars = Math.max(MIN_MAX_ROW_CHARS, limits == null ? 0 : 4L * limits.maxFieldChars());
        CheckedUtf8Reader reader = new CheckedUtf8Reader(in, maxBytes, maxRowChars);
        Rows rows = new Rows(type, out, limits);
        long nextStart = 1;
        try (CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long start = nextStart;
                nextStart = parser.getCurrentLineNumber() + 1;
                reader.markRow(nextStart);
                rows.accept(record, lineNumber(start));
            }
            rows.finish();
        } catch (UncheckedIOException | IOException e) {
            out.error(refusal(e, lineNumber(nextStart)));
        }
        return out.build();
    }

    private static int lineNumber(long line) {
        return (int) Math.min(Integer.MAX_VALUE, line);
    }

    /** Turns an exception out of the CSV library into the issue to report, or rethrows a real I/O failure. */
    private static ParseIssue refusal(Exception e, int rowStart) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CheckedUtf8Reader.Refused refused) {
                return refused.issue;
            }
        }
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        Matcher lineMatch = LINE_IN_MESSAGE.matcher(message);
        int line = lineMatch.find() ? parseLine(lineMatch.group(1), rowStart) : rowStart;
        if (message.contains("EOF reached before encapsulated token finished")) {
            return ParseIssue.atLine(line, "a quoted value that starts on this line is never closed",
                    "add the closing double quote (\")");
        }
        if (message.contains("Invalid character between encapsulated token and delimiter")) {
            return ParseIssue.atLine(line, "there is text after the closing quote of a value",
                    "inside a quoted value write a double quote as two double quotes (\"\")");
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        throw new IllegalStateException(cause);
    }

    private static int parseLine(String grouped, int fallback) {
        String digits = grouped.replaceAll("\\D", "");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return fallback; // more than Integer.MAX_VALUE lines cannot happen within the size limit
        }
    }

    /** The roles a column can have. */
    private enum Role {
        TEXT("text"), LABEL("label"), INSTRUCTION("instruction"), INPUT("input"), OUTPUT("output"),
        PROMPT("prompt"), RESPONSE("response");

        final String column;

        Role(String column) {
            this.column = column;
        }
    }

    private static final Map<String, Role> CLASSIFICATION_NAMES = Map.ofEntries(
            Map.entry("text", Role.TEXT), Map.entry("sentence", Role.TEXT), Map.entry("review", Role.TEXT),
            Map.entry("content", Role.TEXT), Map.entry("message", Role.TEXT), Map.entry("document", Role.TEXT),
            Map.entry("label", Role.LABEL), Map.entry("class", Role.LABEL), Map.entry("category", Role.LABEL),
            Map.entry("sentiment", Role.LABEL), Map.entry("target", Role.LABEL), Map.entry("tag", Role.LABEL));
    private static final Map<String, Role> INSTRUCTION_NAMES = Map.ofEntries(
            Map.entry("instruction", Role.INSTRUCTION), Map.entry("task", Role.INSTRUCTION),
            Map.entry("input", Role.INPUT), Map.entry("context", Role.INPUT),
            Map.entry("output", Role.OUTPUT), Map.entry("expected", Role.OUTPUT),
            Map.entry("expected_output", Role.OUTPUT), Map.entry("response", Role.OUTPUT),
            Map.entry("answer", Role.OUTPUT), Map.entry("completion", Role.OUTPUT));
    private static final Map<String, Role> CHAT_NAMES = Map.ofEntries(
            Map.entry("prompt", Role.PROMPT), Map.entry("user", Role.PROMPT), Map.entry("question", Role.PROMPT),
            Map.entry("response", Role.RESPONSE), Map.entry("assistant", Role.RESPONSE),
            Map.entry("answer", Role.RESPONSE), Map.entry("completion", Role.RESPONSE));

    /** Turns records into examples, given the type; learns the columns from the first row. */
    private static final class Rows {
        private final ModelType type;
        private final ResultBuilder out;
        private final Limits limits;
        private final Map<String, Role> names;
        private final List<Role> required;
        /** Column index of each role (-1 when absent); null until the first row is seen. */
        private int[] index;
        private int width;
        private boolean header;
        private boolean sawRecord;
        private long blankRows;
        private int firstBlankLine;

        Rows(ModelType type, ResultBuilder out, Limits limits) {
            this.type = type;
            this.out = out;
            this.limits = limits;
            switch (type) {
                case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> {
                    names = CLASSIFICATION_NAMES;
                    required = List.of(Role.TEXT, Role.LABEL);
                }
                case INSTRUCTION_FOLLOWING -> {
                    names = INSTRUCTION_NAMES;
                    required = List.of(Role.INSTRUCTION, Role.OUTPUT);
                }
                default -> {
                    names = CHAT_NAMES;
                    required = List.of(Role.PROMPT, Role.RESPONSE);
                }
            }
        }

        void accept(CSVRecord record, int line) {
            sawRecord = true;
            if (isBlank(record)) {
                if (blankRows++ == 0) {
                    firstBlankLine = line;
                }
                return;
            }
            if (index == null) {
                learnColumns(record, line);
                if (header) {
                    return;
                }
            }
            int size = effectiveSize(record);
            if (size != width) {
                String expected = "expected " + Texts.plural(width, "column", "columns")
                        + (header ? ", as in the header," : " (" + columnsText() + ")");
                out.error(ParseIssue.atLine(line, expected + " but found " + size, columnCountHint(record, size)));
                return;
            }
            Example example = example(record, line);
            if (example == null) {
                return;
            }
            if (limits != null) {
                List<ParseIssue> problems = DatasetValidator.checkExample(example, limits);
                if (!problems.isEmpty()) {
                    problems.forEach(out::error);
                    return;
                }
            }
            out.add(example);
        }

        void finish() {
            if (!sawRecord) {
                out.error(ParseIssue.general("the file is empty",
                        "upload a CSV file with the columns " + String.join(",", CsvColumns.header(type))));
            }
            if (blankRows > 0) {
                out.warn(ParseIssue.atLine(firstBlankLine,
                        "skipped " + Texts.plural(blankRows, "blank row", "blank rows") + " (the first one here)",
                        ""));
            }
        }

        private void learnColumns(CSVRecord first, int line) {
            index = new int[Role.values().length];
            Arrays.fill(index, -1);
            List<String> unknown = new ArrayList<>();
            List<ParseIssue> duplicates = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                String name = first.get(i).strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
                Role role = names.get(name);
                if (role == null) {
                    if (!name.isEmpty()) {
                        unknown.add(first.get(i).strip());
                    }
                } else if (index[role.ordinal()] < 0) {
                    index[role.ordinal()] = i;
                } else {
                    duplicates.add(ParseIssue.at(line, i + 1,
                            "the header names the " + role.column + " column twice",
                            "rename or remove column " + (index[role.ordinal()] + 1) + " or " + (i + 1)));
                }
            }
            header = required.stream().allMatch(role -> index[role.ordinal()] >= 0);
            if (header) {
                width = effectiveSize(first);
                duplicates.forEach(out::error);
                if (!unknown.isEmpty()) {
                    out.warn(ParseIssue.atLine(line,
                            (unknown.size() == 1 ? "column " : "columns ") + Texts.quotedList(unknown)
                                    + (unknown.size() == 1 ? " is" : " are") + " ignored",
                            "only the columns " + String.join(",", CsvColumns.header(type)) + " are read"));
                }
                return;
            }
            Arrays.fill(index, -1);
            int size = effectiveSize(first);
            List<Role> order = switch (type) {
                case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> List.of(Role.TEXT, Role.LABEL);
                case INSTRUCTION_FOLLOWING -> size == 2 ? List.of(Role.INSTRUCTION, Role.OUTPUT)
                        : List.of(Role.INSTRUCTION, Role.INPUT, Role.OUTPUT);
                case GENERAL_CHAT -> List.of(Role.PROMPT, Role.RESPONSE);
            };
            for (int i = 0; i < order.size(); i++) {
                index[order.get(i).ordinal()] = i;
            }
            width = order.size();
            out.warn(ParseIssue.atLine(line,
                    "no header row, so the columns are read in the order " + columnsText(),
                    "add the header row `" + String.join(",", CsvColumns.header(type)) + "` to name them"));
        }

        /** The columns in file order, e.g. "text,label". */
        private String columnsText() {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                for (Role role : Role.values()) {
                    if (index[role.ordinal()] == i) {
                        columns.add(role.column);
                    }
                }
                if (columns.size() <= i) {
                    columns.add("(ignored)");
                }
            }
            return String.join(",", columns);
        }

        private String columnCountHint(CSVRecord record, int size) {
            if (size == 1) {
                String only = record.get(0);
                if (only.indexOf(';') >= 0) {
                    return "the values seem to be separated by ';'; save the file as comma-separated CSV";
                }
                if (only.indexOf('\t') >= 0) {
                    return "the values seem to be separated by tabs; save the file as comma-separated CSV";
                }
            }
            if (size > width) {
                return "put double quotes around a value that contains a comma, like \"Good, but slow\"";
            }
            return "every row needs a value for each of the " + Texts.plural(width, "column", "columns");
        }

        private Example example(CSVRecord record, int line) {
            return switch (type) {
                case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> {
                    String text = value(record, Role.TEXT);
                    String label = Texts.normalizeLabel(value(record, Role.LABEL));
                    if (!present(text, Role.TEXT, line, "write the example text")
                            | !present(label, Role.LABEL, line, "write the class of the text, like `positive`")) {
                        yield null;
                    }
                    if (label.length() > Texts.MAX_LABEL_CHARS) {
                        out.error(ParseIssue.at(line, column(Role.LABEL),
                                "the label is " + Texts.number(label.length()) + " characters long (at most "
                                        + Texts.MAX_LABEL_CHARS + ")",
                                "a label is a short class name like `positive`; check that text and label are not swapped"));
                        yield null;
                    }
                    yield new ClassificationExample(text, label, line);
                }
                case INSTRUCTION_FOLLOWING -> {
                    String instruction = value(record, Role.INSTRUCTION);
                    String input = value(record, Role.INPUT);
                    String output = value(record, Role.OUTPUT);
                    if (!present(instruction, Role.INSTRUCTION, line, "write what to do")
                            | !present(output, Role.OUTPUT, line, "write the expected answer")) {
                        yield null;
                    }
                    yield new InstructionExample(instruction, input, output, line);
                }
                case GENERAL_CHAT -> {
                    String prompt = value(record, Role.PROMPT);
                    String response = value(record, Role.RESPONSE);
                    if (!present(prompt, Role.PROMPT, line, "write the user's message")
                            | !present(response, Role.RESPONSE, line, "write the assistant's reply")) {
                        yield null;
                    }
                    yield ChatExample.of(prompt, response, line);
                }
            };
        }

        private boolean present(String value, Role role, int line, String hint) {
            if (!value.isEmpty()) {
                return true;
            }
            out.error(ParseIssue.at(line, column(role), "the " + role.column + " is empty", hint));
            return false;
        }

        private int column(Role role) {
            return index[role.ordinal()] + 1;
        }

        private String value(CSVRecord record, Role role) {
            int i = index[role.ordinal()];
            return i < 0 || i >= record.size() ? "" : record.get(i).strip();
        }

        /** The number of cells without trailing empty ones, but at least the expected width. */
        private int effectiveSize(CSVRecord record) {
            int size = record.size();
            while (size > Math.max(width, 1) && record.get(size - 1).isBlank()) {
                size--;
            }
            return size;
        }

        private static boolean isBlank(CSVRecord record) {
            for (String value : record) {
                if (!value.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }
}
