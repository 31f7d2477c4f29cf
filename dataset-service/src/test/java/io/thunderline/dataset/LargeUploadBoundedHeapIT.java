package io.thunderline.dataset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.CanonicalCsv;
import io.thunderline.dataset.parse.CanonicalCsvChunks;
import io.thunderline.infra.ThunderlineInfraResource;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVPrinter;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated ~50 MB CSV upload is stored and exported within a bounded heap.
 *
 * <p>This class runs alone in its own failsafe execution whose JVM has {@code -Xmx160m} (see this module's pom.xml,
 * execution "bounded-heap"): the service under test, the test client and the test itself share that heap, of which
 * Quarkus in test mode already holds about 85 MB (class bytes, Jandex index). The file has non-Latin-1 text, so as
 * Java strings it would take about 100 MB: a service that held the file, its examples or its canonical CSV in memory
 * fails here with an OutOfMemoryError. The test also samples the live heap (right after full collections) during the
 * upload and requires it to grow by less than 24 MB.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class LargeUploadBoundedHeapIT {
    private static final Logger LOG = Logger.getLogger(LargeUploadBoundedHeapIT.class);
    static final long MAX_HEAP_MB = 160;
    static final long TARGET_BYTES = 50L * 1000 * 1000;
    static final String BOUNDARY = "thunderline-" + UUID.randomUUID();

    @TestHTTPResource("/datasets/upload")
    URI upload;

    @TestHTTPResource("/datasets")
    URI datasets;

    /** The generated file, with the SHA-256 its canonical CSV must have and how many rows it holds. */
    record Generated(Path file, long bytes, long rows, String canonicalSha256) {
    }

    /** Rows of about 200 bytes: commas and quotes to escape, non-ASCII text, every 100th row spans two lines. */
    static Generated generate(Path file) throws IOException {
        CanonicalCsvChunks canonical = new CanonicalCsvChunks(ModelType.SENTIMENT_ANALYSIS, 1 << 16, (seq, chunk) -> { });
        long rows = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CanonicalCsv.FORMAT)) {
            csv.printRecord("text", "label");
            while (rows == 0 || rows % 5_000 != 0 || Files.size(file) < TARGET_BYTES) {
                rows++;
                String label = switch ((int) (rows % 3)) {
                    case 0 -> "positive";
                    case 1 -> "negative";
                    default -> "neutral";
                };
                String text = "Review " + rows + ": the product, said \"the customer\", was fine – more or less. Très"
                        + " bien. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"
                        + (rows % 100 == 0 ? "\nsecond line" : "");
                csv.printRecord(text, label);
                canonical.append(List.of(text, label));
                if (rows % 5_000 == 0) {
                    csv.flush(); // so that Files.size sees every row written so far
                }
            }
        }
        return new Generated(file, Files.size(file), rows, canonical.finish().sha256());
    }

    /**
     * The live heap while the upload runs: every few seconds a full collection (System.gc(), stop-the-world under
     * G1) and the heap in use right after it. Heap use after a young collection would count garbage not yet
     * collected; this counts what is really held.
     */
    static final class LiveHeapSampler implements AutoCloseable {
        final AtomicLong max = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-heap-sampler");
            t.setDaemon(true);
            return t;
        });

        final StringBuilder timeline = new StringBuilder();
        private final long start = System.nanoTime();

        LiveHeapSampler(Duration every) {
            timer.scheduleWithFixedDelay(() -> {
                long used = usedAfterFullGc();
                max.accumulateAndGet(used, Math::max);
                samples.incrementAndGet();
                timeline.append(String.format(" %.0fs:%.0fMB", (System.nanoTime() - start) / 1e9, used / 1048576.0));
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    static long usedAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    @DisplayName("a 50 MB CSV upload is stored and exported with -Xmx160m")
    void aFiftyMegabyteUploadIsStoredAndExportedWithXmx160m() throws Exception {
        Path file = Path.of("target", "large-upload.csv");
        Generated generated = generate(file);
        assertThat(generated.bytes()).isBetween(TARGET_BYTES, 50L * 1024 * 1024);
        LOG.infof("generated %s: %d bytes, %d rows", file, generated.bytes(), generated.rows());

        byte[] head = (field("modelType", "sentiment_analysis") + field("createdBy", "large-upload@example.com")
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long baseline = usedAfterFullGc();
        long started = System.nanoTime();
        Posted response;
        long peak;
        long samples;
        // a sample every 0.75 s: on a quiet machine the whole upload takes about 5 s, and it needs at least two
        try (LiveHeapSampler live = new LiveHeapSampler(Duration.ofMillis(750))) {
            response = post(upload.toURL(), head, file, tail);
            peak = live.max.get();
            samples = live.samples.get();
            LOG.infof("live heap during the upload (seconds since start: MB):%s", live.timeline);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonObject stored = new JsonObject(response.body());
        LOG.infof("upload of %d bytes (%d rows) took %.1f s with -Xmx%dm; live heap before: %.1f MB; largest live heap "
                        + "during the upload: %.1f MB (%d samples, each right after a full GC)", generated.bytes(),
                generated.rows(), seconds, Runtime.getRuntime().maxMemory() >> 20, baseline / 1048576.0,
                peak / 1048576.0, samples);
        assertThat(stored.getInteger("rowCount")).isEqualTo((int) generated.rows());
        assertThat(stored.getString("checksum")).isEqualTo(generated.canonicalSha256());
        // the live heap grows by far less than the file (50 MB as bytes, about twice that as Java strings)
        assertThat(samples).as("live heap samples taken during the upload").isGreaterThanOrEqualTo(2);
        assertThat(peak - baseline).as("live heap growth during the upload, bytes").isLessThan(24L * 1024 * 1024);

        // the export streams the same canonical CSV back
        String id = stored.getString("datasetId");
        HttpURLConnection export = (HttpURLConnection) URI.create(datasets + "/" + id + "/versions/1/csv").toURL()
                .openConnection();
        export.setRequestProperty("Authorization", io.thunderline.infra.TestTokens.admin("dataset-service"));
        assertThat(export.getResponseCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long exported = 0;
        long exportBaseline = usedAfterFullGc();
        long exportPeak = 0;
        int exportSamples = 0;
        try (InputStream in = export.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long nextSample = 8L << 20;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                exported += n;
                if (exported >= nextSample) { // mid-stream: what the service (and this reader) hold right now
                    exportPeak = Math.max(exportPeak, usedAfterFullGc());
                    exportSamples++;
                    nextSample += 8L << 20;
                }
            }
        }
        assertThat(exportSamples).isGreaterThanOrEqualTo(5);
        LOG.infof("export of %d bytes: live heap before %.1f MB, largest during %.1f MB", exported,
                exportBaseline / 1048576.0, exportPeak / 1048576.0);
        assertThat(exportPeak - exportBaseline).as("live heap growth during the export, bytes")
                .isLessThan(24L * 1024 * 1024);
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(generated.canonicalSha256());
        assertThat(exported).isEqualTo(generated.bytes());
        Files.deleteIfExists(file);
        // last, so that a run with a larger heap (to measure) still logs its numbers above
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx%dm", MAX_HEAP_MB)
                .isLessThanOrEqualTo(MAX_HEAP_MB * 1024 * 1024);
    }

    record Posted(int status, String body) {
    }

    /** A multipart POST streamed with a fixed length: the file is copied 64 KB at a time, never held in memory. */
    static Posted post(URL url, byte[] head, Path file, byte[] tail) throws IOException {
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setReadTimeout((int) Duration.ofMinutes(5).toMillis());
        http.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        http.setRequestProperty("Authorization", io.thunderline.infra.TestTokens.admin("dataset-service"));
        http.setFixedLengthStreamingMode(head.length + Files.size(file) + tail.length);
        try (OutputStream out = http.getOutputStream()) {
            out.write(head);
            Files.copy(file, out);
            out.write(tail);
        }
        int status = http.getResponseCode();
        try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            return new Posted(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String field(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
