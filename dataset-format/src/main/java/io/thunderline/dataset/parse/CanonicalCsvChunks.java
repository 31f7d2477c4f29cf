package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the canonical CSV ({@link CanonicalCsv}) example by example and hands it on in chunks of whole rows, while
 * computing its SHA-256 and size, so that a dataset of any size is never one string in memory. Concatenated, the
 * chunks are exactly {@link CanonicalCsv#toCsv(ParseResult)} of the same examples.
 */
public final class CanonicalCsvChunks {

    /** Receives chunk {@code seq} (0, 1, 2 …); every chunk ends at the end of a row. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(int seq, String chunk);
    }

    /** The whole CSV: SHA-256 (lower-case hex) of its UTF-8 bytes, their number and how many chunks were made. */
    public record Summary(String sha256, long bytes, int chunks) {
    }

    private final int chunkChars;
    private final ChunkSink sink;
    private final StringBuilder buffer;
    private final CSVPrinter printer;
    private final MessageDigest digest = sha256();
    private long bytes;
    private int seq;
    private boolean finished;
    private Summary summary;

    /**
     * @param chunkChars a chunk is handed on once it holds at least this many characters
     */
    public CanonicalCsvChunks(ModelType type, int chunkChars, ChunkSink sink) {
        if (chunkChars < 1) {
            throw new IllegalArgumentException("chunkChars must be positive: " + chunkChars);
        }
        this.chunkChars = chunkChars;
        this.sink = Objects.requireNonNull(sink, "sink");
        // sized for a full chunk plus a typical row, so that it is not copied while it grows
        this.buffer = new StringBuilder(Math.min(chunkChars, 1 << 20) + 4096);
        try {
            printer = new CSVPrinter(buffer, CanonicalCsv.FORMAT);
            printer.printRecord(CsvColumns.header(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        emitIfFull();
    }

    public void append(Example example) {
        append(example.csvRow());
    }

    /** Appends one row of values in the order of {@link CsvColumns#header(ModelType)}. */
    public void append(List<String> row) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        try {
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emitIfFull();
    }

    /** Hands on the last chunk (there is always at least one: the header) and returns the checksum and size. */
    public Summary finish() {
        if (!finished) {
            finished = true;
            if (buffer.length() > 0 || seq == 0) {
                emit();
            }
            summary = new Summary(HexFormat.of().formatHex(digest.digest()), bytes, seq);
        }
        return summary;
    }

    private void emitIfFull() {
        if (buffer.length() >= chunkChars) {
            emit();
        }
    }

    private void emit() {
        String chunk = buffer.toString();
        buffer.setLength(0);
        byte[] utf8 = chunk.getBytes(StandardCharsets.UTF_8);
        digest.update(utf8);
        bytes += utf8.length;
        sink.accept(seq++, chunk);
    }

    /** SHA-256 of a string's UTF-8 bytes, lower-case hex. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
