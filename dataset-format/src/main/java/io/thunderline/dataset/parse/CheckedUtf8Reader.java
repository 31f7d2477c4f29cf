package io.thunderline.dataset.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream for {@link CsvDatasetReader}, refusing with a {@link Refused} exception that
 * carries the issue to report:
 * <ul>
 *   <li>more than {@code maxBytes} bytes (counted before decoding, so a byte order mark counts);</li>
 *   <li>bytes that are not valid UTF-8 (a {@link CharsetDecoder} with {@link CodingErrorAction#REPORT});</li>
 *   <li>a NUL byte;</li>
 *   <li>more than {@code maxRowChars} characters since the last {@link #markRow(long)}, which bounds memory
 *       when a quote is never closed.</li>
 * </ul>
 * A leading byte order mark is skipped. Closing this reader leaves the stream open. Lines (\n, \r\n or \r) and columns are counted so that the issues
 * name where the problem is.
 */
final class CheckedUtf8Reader extends Reader {

    /** Thrown to stop reading; the CSV library passes it through (possibly wrapped). */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final transient ParseIssue issue;

        Refused(ParseIssue issue) {
            super(issue.toString());
            this.issue = issue;
        }
    }

    private final InputStream in;
    private final long maxBytes;
    private final long maxRowChars;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(16 * 1024);
    private long bytesRead;
    private boolean eof;
    private boolean done;
    private boolean started;
    private int line = 1;
    private int column = 1;
    private boolean afterCarriageReturn;
    private long rowChars;
    private long rowLine = 1;

    CheckedUtf8Reader(InputStream in, long maxBytes, long maxRowChars) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxRowChars = maxRowChars;
        bytes.flip();
        chars.flip();
    }

    /** Says a new row starts at {@code line}: resets the row length count. */
    void markRow(long line) {
        rowChars = 0;
        rowLine = line;
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        rowChars += n;
        if (rowChars > maxRowChars) {
            throw new Refused(ParseIssue.atLine((int) Math.min(Integer.MAX_VALUE, rowLine),
                    "the row starting here is longer than " + Texts.number(maxRowChars) + " characters",
                    "check for a double quote (\") that is never closed"));
        }
        return n;
    }

    /** Decodes the next chunk into {@link #chars}; false at the end of the input. */
    private boolean fill() throws IOException {
        if (done) {
            return false;
        }
        chars.clear();
        CoderResult result;
        while (true) {
            result = decoder.decode(bytes, chars, eof);
            if (result.isError() || result.isOverflow()) {
                break;
            }
            if (eof) {
                decoder.flush(chars);
                done = true;
                break;
            }
            if (chars.position() > 0) {
                break;
            }
            readBytes();
        }
        chars.flip();
        if (!started && chars.hasRemaining()) {
            started = true;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        scan();
        if (result.isError()) {
            throw new Refused(ParseIssue.atLine(line, "the file is not valid UTF-8",
                    "save it as UTF-8 and upload again"));
        }
        return chars.hasRemaining() || !done;
    }

    private void readBytes() throws IOException {
        bytes.compact();
        long left = maxBytes - bytesRead; // >= 0 here
        long allowed = left == Long.MAX_VALUE ? left : left + 1; // read at most one byte past the limit
        int want = (int) Math.min(bytes.remaining(), allowed);
        int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), want);
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
            bytesRead += n;
        }
        bytes.flip();
        if (bytesRead > maxBytes) {
            throw new Refused(ParseIssue.general("the file is larger than the limit of " + Texts.size(maxBytes),
                    "split it into smaller files"));
        }
    }

    /** Counts lines and columns of the decoded characters and refuses NUL. */
    private void scan() throws Refused {
        for (int i = chars.position(); i < chars.limit(); i++) {
            char c = chars.get(i);
            if (c == '\n') {
                if (!afterCarriageReturn) {
                    line++;
                }
                column = 1;
                afterCarriageReturn = false;
            } else if (c == '\r') {
                line++;
                column = 1;
                afterCarriageReturn = true;
            } else {
                if (c == '\0') {
                    throw new Refused(ParseIssue.at(line, column, "the file contains a NUL byte",
                            "it may be a spreadsheet (.xlsx) or a UTF-16 file; save it as CSV UTF-8 and upload again"));
                }
                if (!Character.isLowSurrogate(c)) {
                    column++;
                }
                afterCarriageReturn = false;
            }
        }
    }

    /** Does not close the underlying stream: it belongs to the caller. */
    @Override
    public void close() {
        done = true;
    }
}
