package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCsvTest {
    @Test
    void everyFormulaStartIsPrefixedAndOtherCellsAreKept() {
        for (String formula : List.of("=1+2", "+1 would buy again", "-2 stars", "@SUM(A1)", "\tindented", "\rcarriage")) {
            assertThat(SpreadsheetCsv.formulaLike(formula)).as(formula).isTrue();
            assertThat(SpreadsheetCsv.neutralise(formula)).isEqualTo("'" + formula);
        }
        for (String plain : List.of("", "hello", " =not first", "'=already text", "a=b")) {
            assertThat(SpreadsheetCsv.formulaLike(plain)).as(plain).isFalse();
            assertThat(SpreadsheetCsv.neutralise(plain)).isEqualTo(plain);
        }
        assertThat(SpreadsheetCsv.neutralise(null)).isNull();
    }

    @Test
    void canonicalCsvIsRewrittenCellByCellAndQuoted() {
        String canonical = "text,label\r\n"
                + "\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",positive\r\n"
                + "\"@support thanks, works\",positive\r\n"
                + "\"Broke, \"\"badly\"\"\",negative\r\n";

        String safe = SpreadsheetCsv.rewrite(canonical);

        assertThat(safe).isEqualTo("\"text\",\"label\"\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"positive\"\r\n"
                + "\"'@support thanks, works\",\"positive\"\r\n"
                + "\"Broke, \"\"badly\"\"\",\"negative\"\r\n");
    }

    @Test
    void chunksRewrittenOneByOneMakeTheWholeFileRewritten() {
        List<String> chunks = new ArrayList<>();
        CanonicalCsvChunks writer = new CanonicalCsvChunks(ModelType.TEXT_CLASSIFICATION, 20,
                (seq, chunk) -> chunks.add(chunk));
        List<List<String>> rows = List.of(List.of("=cmd|' /C calc'!A0", "evil"), List.of("line\nbreak", "ok"),
                List.of("-1", "number"), List.of("plain", "ok"));
        rows.forEach(writer::append);
        writer.finish();
        assertThat(chunks).hasSizeGreaterThan(1);

        StringBuilder byChunk = new StringBuilder();
        chunks.forEach(c -> byChunk.append(SpreadsheetCsv.rewrite(c)));

        assertThat(byChunk.toString()).isEqualTo(SpreadsheetCsv.rewrite(String.join("", chunks)))
                .contains("\"'=cmd|' /C calc'!A0\"").contains("\"line\nbreak\"").contains("\"'-1\"")
                .doesNotContain(",\"=cmd");
    }
}
