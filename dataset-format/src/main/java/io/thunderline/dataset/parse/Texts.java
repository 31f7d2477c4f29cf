package io.thunderline.dataset.parse;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small text helpers shared by the parsers. */
final class Texts {

    /** Labels longer than this are refused: they are almost always a text in the label position. */
    static final int MAX_LABEL_CHARS = 64;

    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Texts() {
    }

    /** The lines of {@code text} (split at \n, \r\n or \r), without a leading byte order mark. */
    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        if (text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text.lines().toList();
    }

    /** The 1-based column (in code points) of the character at {@code index} of {@code line}. */
    /** A non-blank line of a keyed prompt: its 1-based number, its text, and whether blank lines came before it. */
    record ContentLine(int number, String text, boolean afterBlank) {
    }

    /**
     * The non-blank lines of a keyed prompt (instruction or chat), each knowing whether a blank line came before it. A
     * line with a NUL character is reported to {@code out} and left out (a blank before it still counts for the next).
     */
    static List<ContentLine> contentLines(String text, ResultBuilder out) {
        List<String> lines = lines(text);
        List<ContentLine> content = new java.util.ArrayList<>();
        boolean afterBlank = false;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            if (raw.isBlank()) {
                afterBlank = true;
                continue;
            }
            int nul = raw.indexOf('\0');
            if (nul >= 0) {
                out.error(ParseIssue.at(i + 1, column(raw, nul), "the line contains a NUL character", "remove it"));
                continue;
            }
            content.add(new ContentLine(i + 1, raw, afterBlank));
            afterBlank = false;
        }
        return content;
    }

    static int column(String line, int index) {
        int bounded = Math.max(0, Math.min(index, line.length()));
        return line.codePointCount(0, bounded) + 1;
    }

    static int firstNonBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i)) && !Character.isSpaceChar(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Index after the last non-blank character. */
    static int endOfNonBlank(String s) {
        int i = s.length();
        while (i > 0 && (Character.isWhitespace(s.charAt(i - 1)) || Character.isSpaceChar(s.charAt(i - 1)))) {
            i--;
        }
        return i;
    }

    /** Trimmed, surrounding quotes removed, trailing {@code . , ;} removed, spaces collapsed, lower-cased. */
    static String normalizeLabel(String raw) {
        String label = raw.strip();
        Unquoted unquoted = unquote(label);
        if (!unquoted.unclosed()) {
            label = unquoted.value();
        }
        label = TRAILING_PUNCTUATION.matcher(label).replaceAll("").strip();
        return collapseSpaces(label).toLowerCase(Locale.ROOT);
    }

    static String collapseSpaces(String s) {
        return SPACES.matcher(s).replaceAll(" ");
    }

    /**
     * The result of removing one pair of surrounding quotes.
     *
     * @param value    the text without its quotes (or unchanged when it was not quoted)
     * @param unclosed true when the text opens a double quote (straight or typographic) that it never closes
     * @param opening  the opening quote character, or 0
     * @param closing  the closing quote character expected, or 0
     */
    record Unquoted(String value, boolean unclosed, char opening, char closing) {
    }

    /**
     * Removes one pair of surrounding quotes from {@code s} (already trimmed). Straight and typographic
     * double quotes and single quotes are understood. An unclosed single quote is kept as an apostrophe
     * ({@code 'tis}); an unclosed double quote is reported.
     */
    static Unquoted unquote(String s) {
        if (s.isEmpty()) {
            return new Unquoted(s, false, (char) 0, (char) 0);
        }
        char first = s.charAt(0);
        String closers;
        boolean strict;
        char expected;
        switch (first) {
            case '"' -> { closers = "\"”“"; strict = true; expected = '"'; }
            case '“' -> { closers = "”\"“"; strict = true; expected = '”'; }
            case '„' -> { closers = "“”\""; strict = true; expected = '“'; }
            case '«' -> { closers = "»"; strict = true; expected = '»'; }
            case '\'' -> { closers = "'’"; strict = false; expected = '\''; }
            case '‘' -> { closers = "’'"; strict = false; expected = '’'; }
            default -> {
                return new Unquoted(s, false, (char) 0, (char) 0);
            }
        }
        char last = s.charAt(s.length() - 1);
        if (s.length() >= 2 && closers.indexOf(last) >= 0) {
            return new Unquoted(s.substring(1, s.length() - 1).strip(), false, first, expected);
        }
        if (strict) {
            return new Unquoted(s, true, first, expected);
        }
        return new Unquoted(s, false, (char) 0, (char) 0);
    }

    /** {@code s}, cut to {@code max} characters with an ellipsis. */
    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** 1234567 → "1,234,567". */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "1 example" / "3 examples". */
    static String plural(long n, String singular, String plural) {
        return number(n) + " " + (n == 1 ? singular : plural);
    }

    /** A byte size for messages: "50 MB", "64 KB" or "1,000 bytes". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return number(bytes / (1024 * 1024)) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return number(bytes / 1024) + " KB";
        }
        return plural(bytes, "byte", "bytes");
    }

    /** "'a', 'b' and 'c'". */
    static String quotedList(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(i == names.size() - 1 ? " and " : ", ");
            }
            out.append('\'').append(names.get(i)).append('\'');
        }
        return out.toString();
    }
}
