package io.thunderline.dataset.parse;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical CSV made safe to open in a spreadsheet (OWASP "CSV injection"): a cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading single quote, so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it as a formula, and every cell is quoted.
 *
 * <p>Why on export and not by refusing such cells on import: ordinary training text starts with these characters
 * ("@support thanks!", "-2 stars, broke at once", "+1 would buy again"), and the stored examples are what a model
 * learns from, checksummed as the canonical CSV the trainer reads. So the data is kept exactly as given, and only
 * the copy made for people (the page's "Dataset CSV" download) is neutralised.
 */
public final class SpreadsheetCsv {
    private static final CSVFormat SAFE = CanonicalCsv.FORMAT.builder().setQuoteMode(QuoteMode.ALL).get();

    private SpreadsheetCsv() {
    }

    /** Whether a spreadsheet would read this cell as a formula (or the start of one). */
    public static boolean formulaLike(String cell) {
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** The cell as a spreadsheet should show it: prefixed with a single quote when it is formula-like. */
    public static String neutralise(String cell) {
        return formulaLike(cell) ? "'" + cell : cell;
    }

    /**
     * Rewrites whole rows of canonical CSV (the complete file, or any chunk of it that ends at a row end, as
     * {@link CanonicalCsvChunks} makes them) with every cell neutralised and quoted.
     */
    public static String rewrite(String canonicalRows) {
        StringBuilder out = new StringBuilder(canonicalRows.length() + canonicalRows.length() / 8 + 16);
        try (CSVParser rows = CSVParser.parse(canonicalRows, CanonicalCsv.FORMAT);
             CSVPrinter printer = new CSVPrinter(out, SAFE)) {
            for (CSVRecord row : rows) {
                List<String> cells = new ArrayList<>(row.size());
                row.forEach(cell -> cells.add(neutralise(cell)));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // strings in, a StringBuilder out: nothing to fail
        }
        return out.toString();
    }
}
