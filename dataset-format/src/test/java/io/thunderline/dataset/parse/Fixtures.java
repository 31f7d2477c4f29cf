package io.thunderline.dataset.parse;

import java.util.List;

/** Helpers shared by the parser tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Each example's CSV row joined with " | ". */
    static List<String> rows(ParseResult result) {
        return result.examples().stream().map(e -> String.join(" | ", e.csvRow())).toList();
    }

    static List<String> errors(ParseResult result) {
        return result.errors().stream().map(ParseIssue::toString).toList();
    }

    static List<String> warnings(ParseResult result) {
        return result.warnings().stream().map(ParseIssue::toString).toList();
    }

    static String lines(String... lines) {
        return String.join("\n", lines);
    }
}
