package io.thunderline.dataset.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.DatasetChanged;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.DatasetVersion;
import io.thunderline.dataset.config.DatasetConfig;
import io.thunderline.dataset.metrics.DatasetMetrics;
import io.thunderline.dataset.parse.CanonicalCsvChunks;
import io.thunderline.dataset.parse.CsvColumns;
import io.thunderline.dataset.parse.CsvDatasetReader;
import io.thunderline.dataset.parse.DatasetValidator;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.parse.Limits;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.dataset.repository.DatasetRepository;
import io.thunderline.dataset.repository.DatasetRow;
import io.thunderline.dataset.repository.Transactions;
import io.thunderline.dataset.repository.TxScope;
import io.thunderline.dataset.repository.VersionRepository;
import io.thunderline.support.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns what a person submits (prompt text or a CSV file) into a stored, versioned dataset and announces it (Data
 * Flow 1 of the guide). Everything of one submission happens in one transaction: the dataset row, the version, its
 * examples, its canonical CSV and the DatasetCreated/DatasetVersioned outbox event, or none of it.
 *
 * <p>Writing is blocking (an upload is read from a stream record by record) and runs on a worker thread.
 */
@ApplicationScoped
public class DatasetService {
    private static final Logger LOG = Logger.getLogger(DatasetService.class);

    /** The guide's metadata "source" values. */
    public static final String SOURCE_PROMPT = "prompt_interface";
    public static final String SOURCE_UPLOAD = "csv_upload";

    private final DatasetRepository datasets;
    private final VersionRepository versions;
    private final Transactions transactions;
    private final Outbox outbox;
    private final DatasetConfig config;
    private final DatasetMetrics metrics;

    public DatasetService(DatasetRepository datasets, VersionRepository versions, Transactions transactions,
                          Outbox outbox, DatasetConfig config, DatasetMetrics metrics) {
        this.metrics = metrics;
        this.datasets = datasets;
        this.versions = versions;
        this.transactions = transactions;
        this.outbox = outbox;
        this.config = config;
    }

    /** Parses and validates without storing: what the page shows while the person types. */
    public ParseResult preview(String text, String modelType) {
        ModelType type = modelType(modelType);
        requireText(text);
        return parseText(text, type);
    }

    /** Stores prompt text as a new dataset, or as the next version of {@code datasetId}. */
    public CreateOutcome create(DatasetSubmission submission) {
        ModelType type = resolveType(submission.modelType(), submission.datasetId());
        requireText(submission.text());
        ParseResult parsed = parseText(submission.text(), type);
        if (!parsed.ok()) {
            throw new DatasetRefusedException("text", parsed.errors());
        }
        Target target = new Target(blankToNull(submission.datasetId()), type, createdBy(submission.createdBy()),
                blankToNull(submission.description()), SOURCE_PROMPT,
                parsed.taskDescription().isBlank() ? "Training dataset from prompt submission" : parsed.taskDescription());
        return store(target, "text", sink -> {
            parsed.examples().forEach(sink);
            return parsed;
        });
    }

    /**
     * Stores an uploaded CSV file, streamed: examples go to the database as they are read, and a refused file (found
     * out possibly only at its last row) rolls back everything.
     */
    public CreateOutcome upload(UploadSubmission submission, InputStream file) {
        ModelType type = resolveType(submission.modelType(), submission.datasetId());
        Limits limits = config.upload().limits();
        String fileName = submission.fileName() == null || submission.fileName().isBlank() ? "" : " " + submission.fileName();
        Target target = new Target(blankToNull(submission.datasetId()), type, createdBy(submission.createdBy()),
                blankToNull(submission.description()), SOURCE_UPLOAD, "Training dataset from CSV upload" + fileName);
        return store(target, "file", sink -> {
            try {
                ParseResult read = CsvDatasetReader.read(file, type, config.upload().maxBytes(), limits, sink);
                return DatasetValidator.validate(read, limits);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the uploaded file", e);
            }
        });
    }

    /** Hides the dataset from lists; it stays readable by id because jobs refer to it. */
    public Uni<Void> delete(String id) {
        return datasets.softDelete(id).map(found -> {
            if (!found) {
                throw DatasetNotFoundException.dataset(id);
            }
            LOG.infof("dataset %s deleted (soft)", id);
            return null;
        });
    }

    /** Where a submission goes and what it says about itself. */
    private record Target(String datasetId, ModelType type, String createdBy, String description, String source,
                          String defaultDescription) {
    }

    private CreateOutcome store(Target target, String field, Function<Consumer<Example>, ParseResult> examples) {
        return metrics.stored(transactions.inTransaction(tx -> {
            DatasetRow previous = target.datasetId() == null ? null : lockForNewVersion(tx, target);
            String id = previous == null ? newId() : previous.id();
            String name = previous == null ? "prompt_" + id + "_" + target.type().wireName() : previous.name();
            int version = previous == null ? 1 : previous.latestVersion() + 1;
            if (previous == null) {
                tx.await(datasets.insert(tx.connection(), id, name,
                        Objects.requireNonNullElse(target.description(), target.defaultDescription()),
                        target.type(), target.source(), target.createdBy()));
            }
            VersionWriter writer = new VersionWriter(tx, versions, id, version, target.type(),
                    config.storage().insertBatchSize(), config.storage().csvChunkChars());
            ParseResult result = examples.apply(writer);
            if (!result.ok()) {
                throw new DatasetRefusedException(field, result.errors());
            }
            CanonicalCsvChunks.Summary csv = writer.finish();
            String task = blankToNull(result.taskDescription());
            List<String> warnings = result.warnings().stream().map(ParseIssue::toString).toList();
            String summary;
            if (previous == null) {
                summary = ChangeSummary.first(result.exampleCount(), result.labelCounts());
            } else {
                DatasetVersion latest = tx.await(versions.find(id, previous.latestVersion())).orElseThrow();
                boolean taskChanged = !Objects.equals(blankToNull(latest.task()), task);
                if (latest.checksum().equals(csv.sha256()) && !taskChanged) {
                    tx.setRollbackOnly(); // nothing changed: no version, no event
                    return new CreateOutcome(new StoredVersion(id, name, target.type().wireName(), latest.version(),
                            latest.rowCount(), latest.labels(), latest.checksum(),
                            "no changes: same examples as version " + latest.version(), warnings), false);
                }
                summary = ChangeSummary.between(
                        tx.await(versions.diff(tx.connection(), id, latest.version(), version, target.type().classification())),
                        latest.labels(), result.labelCounts(), taskChanged);
            }
            tx.await(versions.insert(tx.connection(), new DatasetVersion(id, version, result.exampleCount(),
                    result.labelCounts(), csv.sha256(), csv.bytes(), task, summary, target.source(), target.createdBy(),
                    null)));
            tx.await(datasets.markLatest(tx.connection(), id, version, previous == null ? null : target.description()));
            tx.await(outbox.append(tx.connection(), new DatasetChanged(Contracts.SCHEMA_VERSION, id, name, version,
                    target.type(), result.exampleCount(), List.copyOf(result.labelCounts().keySet()), csv.sha256(), summary,
                    Instant.now()), id));
            LOG.infof("stored %s version %d (%d examples, %d CSV bytes) for %s: %s", name, version,
                    result.exampleCount(), csv.bytes(), target.createdBy(), summary);
            return new CreateOutcome(new StoredVersion(id, name, target.type().wireName(), version, result.exampleCount(),
                    result.labelCounts(), csv.sha256(), summary, warnings), true);
        }));
    }

    private DatasetRow lockForNewVersion(TxScope tx, Target target) {
        DatasetRow row = tx.await(datasets.lock(tx.connection(), target.datasetId()))
                .orElseThrow(() -> unknownDataset(target.datasetId()));
        if (row.deleted()) {
            throw new DatasetConflictException("datasetId", "dataset '" + row.id() + "' was deleted, so it gets no "
                    + "new versions; leave datasetId empty to create a new dataset");
        }
        if (row.modelType() != target.type()) {
            throw wrongType(row.id(), row.modelType(), target.type());
        }
        return row;
    }

    private ParseResult parseText(String text, ModelType type) {
        Limits limits = config.text().limits();
        return DatasetValidator.validate(PromptParser.parse(text, type, limits), limits);
    }

    /** The submission's model type; when it is left out of a new version, the dataset's. */
    private ModelType resolveType(String modelType, String datasetId) {
        if ((modelType == null || modelType.isBlank()) && datasetId != null && !datasetId.isBlank()) {
            return datasets.modelType(datasetId).await().atMost(config.storage().statementTimeout())
                    .orElseThrow(() -> unknownDataset(datasetId));
        }
        return modelType(modelType);
    }

    /** Parses a model type's wire name, refusing a missing or unknown one with the accepted values. */
    public static ModelType modelType(String wire) {
        if (wire == null || wire.isBlank()) {
            throw DatasetRefusedException.of("modelType", "the model type is missing",
                    "choose one of " + CsvColumns.acceptedModelTypes());
        }
        try {
            return ModelType.fromWire(wire);
        } catch (InvalidEventException e) {
            throw DatasetRefusedException.of("modelType", "unknown model type '" + wire.strip() + "'",
                    "choose one of " + CsvColumns.acceptedModelTypes());
        }
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw DatasetRefusedException.of("text", "the training text is empty",
                    "type or paste examples, one per line, e.g. `I love this product! -> positive`");
        }
    }

    private static DatasetRefusedException unknownDataset(String id) {
        return DatasetRefusedException.of("datasetId", "no dataset with id '" + id + "'",
                "leave datasetId empty to create a new dataset");
    }

    private static DatasetRefusedException wrongType(String id, ModelType actual, ModelType submitted) {
        return DatasetRefusedException.of("modelType", "dataset '" + id + "' holds " + actual.wireName()
                        + " examples, not " + submitted.wireName(),
                "submit its new version as " + actual.wireName() + ", or leave datasetId empty to create a new dataset");
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String createdBy(String createdBy) {
        return createdBy == null || createdBy.isBlank() ? "anonymous" : createdBy.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
