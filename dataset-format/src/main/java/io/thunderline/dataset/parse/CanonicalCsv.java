package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the canonical CSV of a dataset: the header of its model type ({@link CsvColumns#header(ModelType)}) then
 * one row per example ({@link Example#csvRow()}), RFC 4180 (CRLF line ends, values quoted when needed). Reading
 * it back with {@link CsvDatasetReader} gives the same rows.
 */
public final class CanonicalCsv {

    /** RFC 4180 with CRLF record separators and minimal quoting. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private CanonicalCsv() {
    }

    /** Writes header and rows to {@code out}; {@code out} is flushed if it is Flushable, never closed. */
    public static void write(ModelType type, Iterable<? extends Example> examples, Appendable out)
            throws IOException {
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.printRecord(CsvColumns.header(type));
        for (Example example : examples) {
            printer.printRecord(example.csvRow());
        }
        printer.flush();
    }

    /** The canonical CSV of a result that kept its examples. */
    public static String toCsv(ParseResult result) {
        if (!result.examplesRetained()) {
            throw new IllegalArgumentException("the result did not keep its examples (it was streamed)");
        }
        StringBuilder out = new StringBuilder();
        try {
            write(result.type(), result.examples(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }
}
