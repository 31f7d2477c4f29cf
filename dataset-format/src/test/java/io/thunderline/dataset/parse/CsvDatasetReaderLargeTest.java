package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Streams a generated ~50 MB CSV (never stored on disk or in memory as a whole) through the reader.
 *
 * <p>Run alone with a small heap to show memory stays bounded, e.g.
 * {@code mvn test -Dgroups=large -DargLine=-Xmx64m}; it passed with {@code -Xmx64m} and {@code -Xmx96m}
 * (about 1 s). With the default heap it also runs in the normal test suite.
 */
@Tag("large")
class CsvDatasetReaderLargeTest {

    private static final long TARGET_BYTES = 50L * 1024 * 1024 - 64 * 1024;

    /** text,label rows: quoted text with a comma, an escaped quote, every 100th with a line break. */
    static final class GeneratedCsv extends InputStream {
        private final long targetBytes;
        private byte[] current = "text,label\r\n".getBytes(StandardCharsets.UTF_8);
        private int position;
        private long produced;
        long rows;

        GeneratedCsv(long targetBytes) {
            this.targetBytes = targetBytes;
        }

        private boolean next() {
            if (produced >= targetBytes) {
                return false;
            }
            rows++;
            String label = switch ((int) (rows % 3)) {
                case 0 -> "positive";
                case 1 -> "negative";
                default -> "neutral";
            };
            String breakLine = rows % 100 == 0 ? "\nsecond line" : "";
            String row = "\"Review " + rows + ": the product, said \"\"the customer\"\", was fine – more or less."
                    + " Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt"
                    + " ut labore et dolore magna aliqua." + breakLine + "\"," + label + "\r\n";
            current = row.getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == current.length && !next()) {
                return -1;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            produced += n;
            return n;
        }
    }

    @Test
    void streamsFiftyMegabytesInABoundedHeap() throws IOException {
        GeneratedCsv csv = new GeneratedCsv(TARGET_BYTES);
        long[] received = {0};
        long[] lastLine = {0};
        ParseResult result = CsvDatasetReader.read(csv, ModelType.TEXT_CLASSIFICATION,
                CsvDatasetReader.DEFAULT_MAX_BYTES, Limits.defaults(), example -> {
                    received[0]++;
                    lastLine[0] = example.line();
                });

        assertThat(csv.produced).isGreaterThan(49L * 1024 * 1024);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.exampleCount()).isEqualTo(csv.rows);
        assertThat(received[0]).isEqualTo(csv.rows);
        assertThat(lastLine[0]).isEqualTo(1 + csv.rows + csv.rows / 100); // header + rows + embedded line breaks
        assertThat(result.labelCounts()).containsOnlyKeys("positive", "negative", "neutral");
        assertThat(result.examples()).isEmpty();
        // the dataset is refused for its size only by the validator, not by running out of memory
        assertThat(DatasetValidator.validate(result, Limits.defaults()).errors())
                .extracting(ParseIssue::toString)
                .containsExactly("too many examples: " + String.format(java.util.Locale.ROOT, "%,d", csv.rows)
                        + "; the limit is 100,000; split them into several datasets");
        System.out.printf("streamed %,d bytes, %,d rows with max heap %,d MB%n", csv.produced, csv.rows,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    @Test
    void oneByteOverTheLimitIsRefused() throws IOException {
        GeneratedCsv csv = new GeneratedCsv(Long.MAX_VALUE);
        ParseResult result = CsvDatasetReader.read(csv, ModelType.TEXT_CLASSIFICATION,
                CsvDatasetReader.DEFAULT_MAX_BYTES, Limits.defaults(), example -> { });
        assertThat(result.errors()).extracting(ParseIssue::toString)
                .containsExactly("the file is larger than the limit of 50 MB; split it into smaller files");
        assertThat(csv.produced).isEqualTo(CsvDatasetReader.DEFAULT_MAX_BYTES + 1);
    }
}
