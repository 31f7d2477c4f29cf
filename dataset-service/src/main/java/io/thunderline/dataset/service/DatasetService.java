package io.thunderline.dataset.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.DatasetChanged;
import io.thunderline.dataset.parse.CanonicalCsv;
import io.thunderline.dataset.parse.DatasetValidator;
import io.thunderline.dataset.parse.Limits;
import io.thunderline.dataset.parse.ModelType;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.dataset.repository.DatasetRepository;
import io.thunderline.support.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Turns submitted text into a stored, versioned dataset and announces it (Data Flow 1 of the guide). */
@ApplicationScoped
public class DatasetService {
    private static final Logger LOG = Logger.getLogger(DatasetService.class);

    private final DatasetRepository datasets;
    private final Outbox outbox;

    public DatasetService(DatasetRepository datasets, Outbox outbox) {
        this.datasets = datasets;
        this.outbox = outbox;
    }

    /** Parses and validates without storing: what the page shows while the person types. */
    public ParseResult preview(String text, String modelType) {
        ModelType type = modelType(modelType);
        if (text == null || text.isBlank()) {
            throw new DatasetRefusedException("text", List.of(ParseIssue.general("the training text is empty",
                    "type or paste examples, one per line, e.g. `I love this product! -> positive`")));
        }
        Limits limits = Limits.defaults();
        return DatasetValidator.validate(PromptParser.parse(text, type, limits), limits);
    }

    public Uni<StoredVersion> create(DatasetSubmission submission) {
        ParseResult parsed = preview(submission.text(), submission.modelType());
        if (!parsed.ok()) {
            return Uni.createFrom().failure(new DatasetRefusedException("text", parsed.errors()));
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String name = "prompt_" + id + "_" + parsed.type().wireName();
        String csv = CanonicalCsv.toCsv(parsed);
        String description = submission.description() == null || submission.description().isBlank()
                ? (parsed.taskDescription().isBlank() ? "Training dataset from prompt submission" : parsed.taskDescription())
                : submission.description();
        String createdBy = submission.createdBy() == null || submission.createdBy().isBlank() ? "anonymous" : submission.createdBy();
        StoredVersion stored = new StoredVersion(id, name, parsed.type().wireName(), 1, parsed.exampleCount(),
                parsed.labelCounts(), sha256(csv), "first version: " + parsed.exampleCount() + " examples",
                parsed.warnings().stream().map(ParseIssue::toString).toList());
        return datasets.pool().withTransaction(tx -> datasets.insertDataset(tx, id, name, description,
                                parsed.type().wireName(), "prompt_interface", createdBy)
                        .flatMap(v -> datasets.insertVersion(tx, stored, parsed, csv, createdBy))
                        .flatMap(v -> outbox.append(tx, changed(stored), id)))
                .invoke(() -> LOG.infof("created dataset %s (%d examples) for %s", name, stored.rowCount(), createdBy))
                .replaceWith(stored);
    }

    private static DatasetChanged changed(StoredVersion v) {
        return new DatasetChanged(Contracts.SCHEMA_VERSION, v.datasetId(), v.name(), v.version(),
                io.thunderline.contracts.ModelType.fromWire(v.modelType()), v.rowCount(), v.labelNames(), v.checksum(),
                v.changeSummary(), Instant.now());
    }

    static ModelType modelType(String wire) {
        try {
            return ModelType.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw new DatasetRefusedException("modelType", List.of(ParseIssue.general(e.getMessage(),
                    "choose one of " + ModelType.acceptedValues())));
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
