package io.thunderline.dataset.parse;

import static io.thunderline.dataset.parse.Fixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.contracts.ModelType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalCsvChunksTest {

    private static final ParseResult SENTIMENT = PromptParser.parse(lines(
            "Classify customer sentiment:",
            "1. \"I love this product!\" -> positive",
            "2. \"Good, but \"slow\"\" -> neutral",
            "3. \"Très bien — 👍\" -> positive",
            "4. \"Line one\" -> negative"), ModelType.SENTIMENT_ANALYSIS);

    private static List<String> chunks(ParseResult parsed, int chunkChars, CanonicalCsvChunks.Summary[] summary) {
        List<String> chunks = new ArrayList<>();
        CanonicalCsvChunks csv = new CanonicalCsvChunks(parsed.type(), chunkChars, (seq, chunk) -> {
            assertThat(seq).isEqualTo(chunks.size());
            chunks.add(chunk);
        });
        parsed.examples().forEach(csv::append);
        summary[0] = csv.finish();
        return chunks;
    }

    @Test
    void chunksJoinToTheCanonicalCsvWhateverTheChunkSize() {
        String whole = CanonicalCsv.toCsv(SENTIMENT);
        for (int size : new int[] {1, 7, 20, 64, 1 << 20}) {
            CanonicalCsvChunks.Summary[] summary = new CanonicalCsvChunks.Summary[1];
            List<String> chunks = chunks(SENTIMENT, size, summary);
            assertThat(String.join("", chunks)).as("chunk size %d", size).isEqualTo(whole);
            assertThat(summary[0].sha256()).isEqualTo(CanonicalCsvChunks.sha256(whole));
            assertThat(summary[0].bytes()).isEqualTo(whole.getBytes(StandardCharsets.UTF_8).length);
            assertThat(summary[0].chunks()).isEqualTo(chunks.size());
        }
    }

    @Test
    void everyChunkEndsAtTheEndOfARow() {
        CanonicalCsvChunks.Summary[] summary = new CanonicalCsvChunks.Summary[1];
        List<String> chunks = chunks(SENTIMENT, 1, summary);
        assertThat(chunks).hasSize(1 + SENTIMENT.exampleCount()); // header, then one row each
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).endsWith("\r\n"));
        assertThat(chunks.get(0)).isEqualTo("text,label\r\n");
    }

    @Test
    void anEmptyDatasetIsItsHeader() {
        CanonicalCsvChunks.Summary[] summary = new CanonicalCsvChunks.Summary[1];
        List<String> chunks = chunks(new ParseResult(ModelType.GENERAL_CHAT, "", List.of(), List.of(), List.of()),
                1 << 20, summary);
        assertThat(chunks).containsExactly("prompt,response\r\n");
        assertThat(summary[0].sha256()).isEqualTo(CanonicalCsvChunks.sha256("prompt,response\r\n"));
    }

    @Test
    void knownChecksum() {
        // printf 'text,label\r\n' | sha256sum
        assertThat(CanonicalCsvChunks.sha256("text,label\r\n"))
                .isEqualTo("6a6b544628042a92f93f95c19a074007fe197cd398480eec0a632c53afb1f5d3");
    }

    @Test
    void finishTwiceGivesTheSameSummaryAndAppendAfterFinishFails() {
        CanonicalCsvChunks csv = new CanonicalCsvChunks(ModelType.TEXT_CLASSIFICATION, 100, (seq, chunk) -> { });
        csv.append(List.of("a", "b"));
        CanonicalCsvChunks.Summary first = csv.finish();
        assertThat(csv.finish()).isEqualTo(first);
        assertThatThrownBy(() -> csv.append(List.of("c", "d"))).isInstanceOf(IllegalStateException.class);
    }
}
