package io.thunderline.dataset.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import io.thunderline.dataset.repository.VersionRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns what a person submits (prompt text or a CSV file) into a stored, versioned dataset (Data Flow 1 of the
 * guide). Everything of one submission happens in one transaction ({@code pool.withTransaction}): the dataset row,
 * the version, its examples and its canonical CSV, or none of it. No event is published: nothing consumes one (the
 * page passes the stored version to the trainer in its training request).
 *
 * <p>Reading an upload blocks (a stream, record by record), so that step of the chain runs on a worker thread and
 * waits for each batch insert before it reads on: memory holds at most two batches whatever the file's size.
 */
@ApplicationScoped
public class DatasetService {
    private static final Logger LOG = Logger.getLogger(DatasetService.class);

    /** The guide's metadata "source" values. */
    public static final String SOURCE_PROMPT = "prompt_interface";
    public static final String SOURCE_UPLOAD = "csv_upload";
    /** Prompt text holding lines whose labels a person accepted from the page's auto-labelling. */
    public static final String SOURCE_AUTO_LABEL = "auto-label";

    private final Pool pool;
    private final DatasetRepository datasets;
    private final VersionRepository versions;
    private final DatasetConfig config;
    private final DatasetMetrics metrics;

    public DatasetService(Pool pool, DatasetRepository datasets, VersionRepository versions, DatasetConfig config,
                          DatasetMetrics metrics) {
        this.pool = pool;
        this.metrics = metrics;
        this.datasets = datasets;
        this.versions = versions;
        this.config = config;
    }

    /** Parses and validates without storing: what the page shows while the person types. */
    public ParseResult preview(String text, String modelType) {
        ModelType type = modelType(modelType);
        requireText(text);
        return parseText(text, type);
    }

    /** Stores prompt text as a new dataset, or as the next version of {@code datasetId}. */
    public Uni<CreateOutcome> create(DatasetSubmission submission) {
        return resolveType(submission.modelType(), submission.datasetId()).flatMap(type -> {
            requireText(submission.text());
            ParseResult parsed = parseText(submission.text(), type);
            if (!parsed.ok()) {
                throw new DatasetRefusedException("text", parsed.errors());
            }
            Target target = new Target(blankToNull(submission.datasetId()), type, createdBy(submission.createdBy()),
                    blankToNull(submission.description()), promptSource(submission.source()),
                    parsed.taskDescription().isBlank() ? "Training dataset from prompt submission" : parsed.taskDescription());
            return store(target, "text", sink -> {
                parsed.examples().forEach(sink);
                return parsed;
            });
        });
    }

    /**
     * Stores an uploaded CSV file, streamed: examples go to the database as they are read, and a refused file (found
     * out possibly only at its last row) rolls back everything.
     */
    public Uni<CreateOutcome> upload(UploadSubmission submission, InputStream file) {
        return resolveType(submission.modelType(), submission.datasetId()).flatMap(type -> {
            Limits limits = config.upload().limits();
            String fileName = submission.fileName() == null || submission.fileName().isBlank() ? ""
                    : " " + submission.fileName();
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

    /** A new version identical to the latest: the transaction rolls back, and this outcome is the answer. */
    private static final class Unchanged extends RuntimeException {
        private final CreateOutcome outcome;

        Unchanged(CreateOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** Where the new version goes: its dataset (null while new), id, name and number. */
    private record Slot(DatasetRow previous, String id, String name, int version) {
        static Slot of(DatasetRow previous, ModelType type) {
            String id = previous == null ? newId() : previous.id();
            String name = previous == null ? "prompt_" + id + "_" + type.wireName() : previous.name();
            return new Slot(previous, id, name, previous == null ? 1 : previous.latestVersion() + 1);
        }
    }

    private Uni<CreateOutcome> store(Target target, String field, Function<Consumer<Example>, ParseResult> examples) {
        return pool.withTransaction(tx -> lockForNewVersion(tx, target)
                        .map(previous -> Slot.of(previous, target.type()))
                        .call(slot -> slot.previous() != null ? Uni.createFrom().voidItem() : datasets.insert(tx,
                                slot.id(), slot.name(),
                                Objects.requireNonNullElse(target.description(), target.defaultDescription()),
                                target.type(), target.source(), target.createdBy()))
                        .flatMap(slot -> writeExamples(tx, slot, target.type(), field, examples)
                                .flatMap(written -> storeVersion(tx, target, slot, written))))
                .onFailure(Unchanged.class).recoverWithItem(e -> ((Unchanged) e).outcome)
                .map(metrics::stored);
    }

    /** The examples and canonical CSV, written while they are parsed, and what the parse said. */
    private record Written(ParseResult result, CanonicalCsvChunks.Summary csv) {
    }

    // The parser blocks on its input and waits for each batch insert (bounded memory): a worker thread's job.
    private Uni<Written> writeExamples(SqlClient tx, Slot slot, ModelType type, String field,
                                       Function<Consumer<Example>, ParseResult> examples) {
        return Uni.createFrom().item(() -> {
            VersionWriter writer = new VersionWriter(tx, versions, slot.id(), slot.version(), type,
                    config.storage().insertBatchSize(), config.storage().csvChunkChars(),
                    config.storage().statementTimeout());
            ParseResult result = examples.apply(writer);
            if (!result.ok()) {
                throw new DatasetRefusedException(field, result.errors());
            }
            return new Written(result, writer.finish());
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<CreateOutcome> storeVersion(SqlClient tx, Target target, Slot slot, Written written) {
        ParseResult result = written.result();
        String task = blankToNull(result.taskDescription());
        List<String> warnings = result.warnings().stream().map(ParseIssue::toString).toList();
        Uni<String> summary = slot.previous() == null
                ? Uni.createFrom().item(ChangeSummary.first(result.exampleCount(), result.labelCounts()))
                : versions.find(tx, slot.id(), slot.previous().latestVersion()).map(Optional::orElseThrow)
                        .flatMap(latest -> changeSummary(tx, target, slot, written, task, warnings, latest));
        return summary.flatMap(s -> versions.insert(tx, new DatasetVersion(slot.id(), slot.version(),
                                result.exampleCount(), result.labelCounts(), written.csv().sha256(), written.csv().bytes(),
                                task, s, target.source(), target.createdBy(), null))
                        .call(() -> datasets.markLatest(tx, slot.id(), slot.version(),
                                slot.previous() == null ? null : target.description()))
                        .map(v -> {
                            LOG.infof("stored %s version %d (%d examples, %d CSV bytes) for %s: %s", slot.name(),
                                    slot.version(), result.exampleCount(), written.csv().bytes(), target.createdBy(), s);
                            return new CreateOutcome(new StoredVersion(slot.id(), slot.name(), target.type().wireName(),
                                    slot.version(), result.exampleCount(), result.labelCounts(), written.csv().sha256(), s,
                                    warnings), true);
                        }));
    }

    /** What changed since the latest version; nothing at all rolls the submission back ({@link Unchanged}). */
    private Uni<String> changeSummary(SqlClient tx, Target target, Slot slot, Written written, String task,
                                      List<String> warnings, DatasetVersion latest) {
        boolean taskChanged = !Objects.equals(blankToNull(latest.task()), task);
        if (latest.checksum().equals(written.csv().sha256()) && !taskChanged) {
            return Uni.createFrom().failure(new Unchanged(new CreateOutcome(new StoredVersion(slot.id(), slot.name(),
                    target.type().wireName(), latest.version(), latest.rowCount(), latest.labels(), latest.checksum(),
                    "no changes: same examples as version " + latest.version(), warnings), false)));
        }
        return versions.diff(tx, slot.id(), latest.version(), slot.version(), target.type().classification())
                .map(diff -> ChangeSummary.between(diff, latest.labels(), written.result().labelCounts(), taskChanged));
    }

    /** The dataset a new version goes to, locked until the transaction ends; null for a new dataset. */
    private Uni<DatasetRow> lockForNewVersion(SqlClient tx, Target target) {
        if (target.datasetId() == null) {
            return Uni.createFrom().nullItem();
        }
        return datasets.lock(tx, target.datasetId()).map(found -> {
            DatasetRow row = found.orElseThrow(() -> unknownDataset(target.datasetId()));
            if (row.deleted()) {
                throw new DatasetConflictException("datasetId", "dataset '" + row.id() + "' was deleted, so it gets no "
                        + "new versions; leave datasetId empty to create a new dataset");
            }
            if (row.modelType() != target.type()) {
                throw wrongType(row.id(), row.modelType(), target.type());
            }
            return row;
        });
    }

    private ParseResult parseText(String text, ModelType type) {
        Limits limits = config.text().limits();
        return DatasetValidator.validate(PromptParser.parse(text, type, limits), limits);
    }

    /**
     * The submission's model type; when it is left out of a new version, the dataset's (then parsing goes on on a
     * worker thread, not on the database client's event loop).
     */
    private Uni<ModelType> resolveType(String modelType, String datasetId) {
        if ((modelType == null || modelType.isBlank()) && datasetId != null && !datasetId.isBlank()) {
            return datasets.modelType(datasetId).map(found -> found.orElseThrow(() -> unknownDataset(datasetId)))
                    .emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().item(() -> modelType(modelType));
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

    /** The source of prompt text: ordinary ({@value #SOURCE_PROMPT}) unless the page says {@value #SOURCE_AUTO_LABEL}. */
    static String promptSource(String source) {
        if (source == null || source.isBlank() || SOURCE_PROMPT.equals(source.strip())) {
            return SOURCE_PROMPT;
        }
        if (SOURCE_AUTO_LABEL.equals(source.strip())) {
            return SOURCE_AUTO_LABEL;
        }
        throw DatasetRefusedException.of("source", "unknown source '" + (source.strip().length() > 40
                ? source.strip().substring(0, 39) + "…" : source.strip()) + "'",
                "leave 'source' out, or send \"" + SOURCE_AUTO_LABEL + "\" for text with accepted auto-labelled lines");
    }

    private static String createdBy(String createdBy) {
        return createdBy == null || createdBy.isBlank() ? "anonymous" : createdBy.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
