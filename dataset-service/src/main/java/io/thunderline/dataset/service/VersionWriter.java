package io.thunderline.dataset.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.CanonicalCsvChunks;
import io.thunderline.dataset.parse.CsvColumns;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.repository.VersionRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Receives the examples of one new version as they are parsed and stores them in the caller's transaction: examples
 * in batches (one INSERT per batch), the canonical CSV in chunks, its SHA-256 computed on the way. One statement is
 * in flight while the next batch is collected, so memory holds at most two batches and one chunk, whatever the size
 * of the dataset. Runs on the parsing worker thread, which it holds back (at most {@code timeout} per statement)
 * until the statement before has finished.
 */
final class VersionWriter implements Consumer<Example> {
    private final SqlClient tx;
    private final Duration timeout;
    private final VersionRepository versions;
    private final String datasetId;
    private final int version;
    private final List<String> header;
    private final int batchSize;
    private final CanonicalCsvChunks csv;
    private List<String> batch;
    private int ordinal;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    VersionWriter(SqlClient tx, VersionRepository versions, String datasetId, int version, ModelType type,
                  int batchSize, int csvChunkChars, Duration timeout) {
        this.tx = tx;
        this.timeout = timeout;
        this.versions = versions;
        this.datasetId = datasetId;
        this.version = version;
        this.header = CsvColumns.header(type);
        this.batchSize = batchSize;
        this.batch = new ArrayList<>(batchSize);
        this.csv = new CanonicalCsvChunks(type, csvChunkChars,
                (seq, chunk) -> send(versions.insertCsvChunk(tx, datasetId, version, seq, chunk)));
    }

    @Override
    public void accept(Example example) {
        List<String> row = example.csvRow();
        JsonObject fields = new JsonObject();
        for (int i = 0; i < header.size(); i++) {
            fields.put(header.get(i), row.get(i));
        }
        batch.add(fields.encode());
        ordinal++;
        csv.append(row);
        if (batch.size() >= batchSize) {
            flushBatch();
        }
    }

    /** Stores what is left and waits for every statement; returns the canonical CSV's checksum and size. */
    CanonicalCsvChunks.Summary finish() {
        flushBatch();
        CanonicalCsvChunks.Summary summary = csv.finish();
        awaitInFlight();
        return summary;
    }

    int examples() {
        return ordinal;
    }

    private void flushBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<String> rows = batch;
        batch = new ArrayList<>(batchSize);
        send(versions.insertExamples(tx, datasetId, version, ordinal - rows.size(), rows));
    }

    /** Waits for the statement in flight (bounding memory and surfacing its failure), then starts this one. */
    private void send(Uni<Void> statement) {
        awaitInFlight();
        inFlight = statement.subscribeAsCompletionStage();
    }

    private void awaitInFlight() {
        try {
            inFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("storing examples took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing examples", e);
        }
    }
}
