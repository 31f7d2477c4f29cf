package io.thunderline.dataset;

import com.sun.management.GarbageCollectionNotificationInfo;
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

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated ~50 MB CSV upload is stored and exported within a bounded heap.
 *
 * <p>This class runs alone in its own failsafe execution whose JVM has {@code -Xmx128m} (see this module's pom.xml,
 * execution "bounded-heap"): the service under test, the test client and the test itself share that heap, so a
 * service that held the file, its examples or its canonical CSV in memory would fail here with an OutOfMemoryError.
 * The test also measures the heap in use after each garbage collection during the upload and requires it to stay
 * well below the size of the file.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class LargeUploadBoundedHeapIT {
    private static final Logger LOG = Logger.getLogger(LargeUploadBoundedHeapIT.class);
    static final long MAX_HEAP_MB = 128;
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
        CanonicalCsvChunks canonical = new CanonicalCsvChunks(ModelType.SENTIMENT_ANALYSIS, 1 << 20, (seq, chunk) -> { });
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

    /** The largest heap in use right after a garbage collection, over the time it is installed. */
    static final class HeapAfterGc implements AutoCloseable {
        final AtomicLong max = new AtomicLong();
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> isHeap(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                max.accumulateAndGet(used, Math::max);
            }
        };

        HeapAfterGc() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
        }

        private static boolean isHeap(String pool) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .anyMatch(p -> p.getName().equals(pool) && p.getType() == java.lang.management.MemoryType.HEAP);
        }

        @Override
        public void close() throws Exception {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            }
        }
    }

    static long usedAfterFullGc() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    @Test
    @DisplayName("a 50 MB CSV upload is stored and exported with -Xmx128m")
    void aFiftyMegabyteUploadIsStoredWithinABoundedHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx%dm", MAX_HEAP_MB)
                .isLessThanOrEqualTo(MAX_HEAP_MB * 1024 * 1024);
        Path file = Path.of("target", "large-upload.csv");
        Generated generated = generate(file);
        assertThat(generated.bytes()).isBetween(TARGET_BYTES, 50L * 1024 * 1024);
        LOG.infof("generated %s: %d bytes, %d rows", file, generated.bytes(), generated.rows());

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(field("modelType", "sentiment_analysis")
                        + field("createdBy", "large-upload@example.com")
                        + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"large.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString("\r\n--" + BOUNDARY + "--\r\n"));
        long baseline = usedAfterFullGc();
        long started = System.nanoTime();
        HttpResponse<String> response;
        long peak;
        try (HeapAfterGc heap = new HeapAfterGc()) {
            response = client.send(HttpRequest.newBuilder(upload).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
            peak = heap.max.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject stored = new JsonObject(response.body());
        LOG.infof("upload of %d bytes (%d rows) took %.1f s; heap after full GC before: %d MB; largest heap after a GC "
                        + "during the upload: %d MB; max heap %d MB", generated.bytes(), generated.rows(), seconds,
                baseline >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertThat(stored.getInteger("rowCount")).isEqualTo((int) generated.rows());
        assertThat(stored.getString("checksum")).isEqualTo(generated.canonicalSha256());
        // the live heap during the upload grows by far less than the file's 50 MB
        assertThat(peak - baseline).as("heap growth after GC during the upload, bytes").isLessThan(32L * 1024 * 1024);

        // the export streams the same canonical CSV back
        String id = stored.getString("datasetId");
        HttpResponse<InputStream> export = client.send(HttpRequest.newBuilder(
                        URI.create(datasets + "/" + id + "/versions/1/csv")).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(export.statusCode()).isEqualTo(200);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long exported = 0;
        try (InputStream in = export.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                exported += n;
            }
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(generated.canonicalSha256());
        assertThat(exported).isEqualTo(generated.bytes());
        Files.deleteIfExists(file);
    }

    private static String field(String name, String value) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
