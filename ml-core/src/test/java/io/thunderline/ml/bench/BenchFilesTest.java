package io.thunderline.ml.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.data.LabeledData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's file formats: the TSV written by bench/ml-core/export_data.py and the JSON lines it reads back. */
class BenchFilesTest {

    @TempDir
    Path dir;

    @Test
    void tsvUnescapesTabsNewlinesAndBackslashesAsExportDataWritesThem() throws Exception {
        Path tsv = dir.resolve("x.tsv");
        // export_data.py escapes \ as \\, TAB as \t, LF as \n, CR as \r.
        Files.writeString(tsv, "ham\tline one\\nline\\ttwo \\\\n stays\n\nspam\tcr\\r end\n", StandardCharsets.UTF_8);

        LabeledData data = TsvCorpus.read(tsv);

        assertThat(data.labels()).containsExactly("ham", "spam");
        assertThat(data.texts()).containsExactly("line one\nline\ttwo \\n stays", "cr\r end");
    }

    @Test
    void jsonLineEscapesStringsAndWritesNumbersPlainly() throws Exception {
        Json json = new Json().put("best", "in(262144→16) | out[2←in] \"q\"\n").put("n", 3).put("f", 0.5)
                .put("nan", Double.NaN).put("ok", true).put("none", null);

        assertThat(json.toString()).isEqualTo(
                "{\"best\":\"in(262144→16) | out[2←in] \\\"q\\\"\\n\",\"n\":3,\"f\":0.500000,\"nan\":null,\"ok\":true,\"none\":null}");
        Path out = dir.resolve("raw.jsonl");
        json.appendTo(out);
        json.appendTo(out);
        assertThat(Files.readAllLines(out)).hasSize(2);
    }

    @Test
    void processStatsReadThisProcess() {
        assertThat(ProcessStats.cpuSeconds()).isPositive();
        assertThat(ProcessStats.peakHeapMiB()).isPositive();
        assertThat(ProcessStats.maxHeapMiB()).isGreaterThanOrEqualTo(ProcessStats.peakHeapMiB() / 4);
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(ProcessStats.peakRssMiB()).isPositive();
        }
    }
}
