package io.thunderline.dataset.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.Dataset;
import io.thunderline.dataset.DatasetVersion;
import io.thunderline.dataset.Page;
import io.thunderline.dataset.StoredExample;
import io.thunderline.dataset.config.DatasetConfig;
import io.thunderline.dataset.parse.CsvColumns;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.SpreadsheetCsv;
import io.thunderline.dataset.repository.DatasetRepository;
import io.thunderline.dataset.repository.VersionRepository;
import io.thunderline.dataset.service.CreateOutcome;
import io.thunderline.dataset.service.DatasetNotFoundException;
import io.thunderline.dataset.service.DatasetRefusedException;
import io.thunderline.dataset.service.DatasetService;
import io.thunderline.dataset.service.DatasetSubmission;
import io.thunderline.dataset.service.StoredVersion;
import io.thunderline.dataset.service.UploadSubmission;
import io.thunderline.dataset.service.VersionDiff;
import io.thunderline.dataset.service.PromptText;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datasets: preview, create from text or CSV, read, list, versions, CSV export, soft delete. Every call names its
 * caller (service-support's CallerAuthentication); {@link DatasetAccess} decides what that caller may reach.
 */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets", description = "Training datasets: parse, validate, version, store, export")
public class DatasetResource {
    private static final Logger LOG = Logger.getLogger(DatasetResource.class);
    private final DatasetService service;
    private final DatasetRepository datasets;
    private final VersionRepository versions;
    private final DatasetConfig config;
    private final DatasetAccess access;
    private final Duration timeout;
    private final Duration submissionTimeout;

    public DatasetResource(DatasetService service, DatasetRepository datasets, VersionRepository versions,
                           DatasetConfig config, DatasetAccess access) {
        this.service = service;
        this.access = access;
        this.datasets = datasets;
        this.versions = versions;
        this.config = config;
        this.timeout = config.storage().statementTimeout();
        this.submissionTimeout = config.storage().submissionTimeout();
    }

    /** What the page shows while the person types. */
    public record Preview(String modelType, String task, int examples, Map<String, Integer> labels,
                          List<ParseIssue> warnings, List<ParseIssue> errors, boolean ok) {
        static Preview of(ParseResult r) {
            return new Preview(r.type().wireName(), r.taskDescription(), r.exampleCount(), r.labelCounts(), r.warnings(),
                    r.errors(), r.ok());
        }
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Parse and validate prompt text without storing it",
            description = "Problems in the text come back as data (200, ok=false); only a missing text or an unknown "
                    + "model type is a 400.")
    @APIResponse(responseCode = "200", description = "The parse result")
    @APIResponse(responseCode = "400", description = "No text or an unknown model type",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Preview preview(DatasetSubmission submission) {
        DatasetSubmission s = requireBody(submission);
        return Preview.of(service.preview(s.text(), s.modelType()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a dataset from prompt text, or a new version of one (datasetId)",
            description = "The dataset is named prompt_<id>_<model_type>. With datasetId the text becomes version n+1 "
                    + "with a summary of what changed; text identical to the latest version makes no version (200).")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = StoredVersion.class)))
    @APIResponse(responseCode = "200", description = "Same as the latest version: nothing stored")
    @APIResponse(responseCode = "400", description = "Refused input; nothing was stored",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "datasetId names a deleted dataset")
    public Response create(DatasetSubmission submission, @Context SecurityContext security) {
        DatasetSubmission s = requireBody(submission);
        Caller caller = Caller.of(security);
        String author = access.author(s.createdBy(), caller);
        if (s.datasetId() != null && !s.datasetId().isBlank()) {
            access.mayChange(s.datasetId().strip(), caller, "datasetId").await().atMost(timeout);
        }
        return created(service.create(new DatasetSubmission(s.text(), s.modelType(), author, s.description(),
                s.datasetId(), s.source())).await().atMost(submissionTimeout));
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Create a dataset (or a new version) from a CSV file of up to 50 MB",
            description = "Columns text,label (classification, sentiment), instruction,input,output (instruction "
                    + "following) or prompt,response (chat); RFC 4180; UTF-8 with or without BOM. The file is "
                    + "streamed into the database in one transaction: a refused file stores nothing.")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = StoredVersion.class)))
    @APIResponse(responseCode = "400", description = "Refused file; nothing was stored",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response upload(@RestForm("file") @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                                   format = "binary") FileUpload file,
                           @RestForm String modelType, @RestForm String createdBy, @RestForm String description,
                           @RestForm String datasetId, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        String author = access.author(createdBy, caller);
        if (datasetId != null && !datasetId.isBlank()) {
            access.mayChange(datasetId.strip(), caller, "datasetId").await().atMost(timeout);
        }
        if (file == null || file.uploadedFile() == null) {
            throw DatasetRefusedException.of("file", "no file was uploaded",
                    "send the CSV as the multipart form field 'file'");
        }
        LOG.infof("reading upload '%s' (%d bytes, %s) for %s", file.fileName(), file.size(), modelType, createdBy);
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return created(service.upload(new UploadSubmission(file.fileName(), modelType, author, description,
                    datasetId), in).await().atMost(submissionTimeout));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    @GET
    @Operation(summary = "List datasets that are not deleted, newest first")
    public Uni<Page<Dataset>> list(@RestQuery @Parameter(description = "only this model type") String modelType,
                                   @RestQuery @Parameter(description = "only datasets of this person") String createdBy,
                                   @RestQuery @Parameter(description = "page size, 1 to 500 (default 50)") String limit,
                                   @RestQuery @Parameter(description = "items to skip (default 0)") String offset,
                                   @Context SecurityContext security) {
        String owner = access.listedOwner(createdBy, Caller.of(security));
        ModelType type = modelType == null || modelType.isBlank() ? null : DatasetService.modelType(modelType);
        Paging paging = Paging.of(limit, offset, config.listing());
        return datasets.list(type, owner, paging.limit(), paging.offset());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A dataset with its metadata and latest version (deleted ones too)")
    @APIResponse(responseCode = "404", description = "No such dataset",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Uni<Dataset> get(@PathParam("id") String id, @Context SecurityContext security) {
        return access.readable(id, Caller.of(security), "id");
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "Every version of a dataset, oldest first")
    public Uni<List<DatasetVersion>> versions(@PathParam("id") String id, @Context SecurityContext security) {
        return access.mayRead(id, Caller.of(security)).flatMap(d -> versions.list(id)).flatMap(list -> list.isEmpty()
                ? Uni.createFrom().failure(DatasetNotFoundException.dataset(id))
                : Uni.createFrom().item(list));
    }

    @GET
    @Path("/{id}/versions/{version}")
    @Operation(summary = "One version of a dataset")
    public Uni<DatasetVersion> version(@PathParam("id") String id, @PathParam("version") String version,
                                      @Context SecurityContext security) {
        int v = versionNumber(id, version);
        return access.mayRead(id, Caller.of(security)).flatMap(d -> versions.find(id, v))
                .map(found -> found.orElseThrow(() -> DatasetNotFoundException.version(id, v)));
    }

    @GET
    @Path("/{id}/versions/{version}/examples")
    @Operation(summary = "The examples of a version, a page at a time, fields by canonical column")
    public Uni<Page<StoredExample>> examples(@PathParam("id") String id, @PathParam("version") String version,
                                             @RestQuery String limit, @RestQuery String offset,
                                             @Context SecurityContext security) {
        int v = versionNumber(id, version);
        Paging paging = Paging.of(limit, offset, config.listing());
        return access.mayRead(id, Caller.of(security)).flatMap(d -> versions.find(id, v))
                .map(found -> found.orElseThrow(() -> DatasetNotFoundException.version(id, v)))
                .flatMap(found -> datasets.modelType(id).flatMap(type -> versions.examples(id, v,
                                CsvColumns.header(type.orElseThrow()), paging.limit(), paging.offset())
                        .map(items -> new Page<>(items, found.rowCount(), paging.limit(), paging.offset()))));
    }

    @GET
    @Path("/{id}/versions/{version}/csv")
    @Produces("text/csv")
    @Operation(summary = "Download the canonical CSV of a version",
            description = "Its SHA-256 is the version's checksum (also sent as X-Checksum-SHA256). With "
                    + "spreadsheet=true, the copy for people instead: every cell quoted, and a cell that starts with "
                    + "= + - @, a tab or a carriage return prefixed with ' so that a spreadsheet shows it as text "
                    + "(no checksum: those bytes are not the stored ones).")
    @APIResponse(responseCode = "200", description = "The CSV", content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", description = "spreadsheet is not true or false",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such dataset version")
    public Response csv(@PathParam("id") String id, @PathParam("version") String version,
                        @RestQuery @Parameter(description = "true: neutralise formula-like cells (default false)")
                        String spreadsheet, @Context SecurityContext security) {
        boolean forPeople = switchParameter("spreadsheet", spreadsheet);
        int v = versionNumber(id, version);
        access.mayRead(id, Caller.of(security)).await().atMost(timeout);
        DatasetVersion found = versions.find(id, v).await().atMost(timeout)
                .orElseThrow(() -> DatasetNotFoundException.version(id, v));
        // chunk by chunk, so that exporting a 50 MB version holds one chunk in memory, not the file; chunks end at row
        // ends, so each can be made spreadsheet-safe on its own
        StreamingOutput body = out -> {
            for (int seq = 0; ; seq++) {
                Optional<String> chunk = versions.csvChunk(id, v, seq).await().atMost(timeout);
                if (chunk.isEmpty()) {
                    break;
                }
                String rows = forPeople ? SpreadsheetCsv.rewrite(chunk.get()) : chunk.get();
                out.write(rows.getBytes(StandardCharsets.UTF_8));
            }
        };
        Response.ResponseBuilder response = Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"dataset_" + id + "_v" + v + ".csv\"");
        if (!forPeople) {
            response.header("Content-Length", found.csvBytes()).header("X-Checksum-SHA256", found.checksum());
        }
        return response.build();
    }

    @GET
    @Path("/{id}/diff")
    @Operation(summary = "What changed between two versions of a dataset, example by example",
            description = "Examples added, removed, and changed: the same text with another label (classification), "
                    + "the same instruction and input with another output, the same prompt with another response. "
                    + "Rows compare as sets (a repeated example counts once). At most 'limit' examples per side "
                    + "(default 1000, at most 5000); truncated=true when there were more.")
    @APIResponse(responseCode = "200", description = "The difference",
            content = @Content(schema = @Schema(implementation = VersionDiff.Result.class)))
    @APIResponse(responseCode = "400", description = "from, to or limit is not a version number / count (field named)",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such dataset or version",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Uni<VersionDiff.Result> diff(@PathParam("id") String id,
                                        @RestQuery @Parameter(description = "the older version, e.g. 1") String from,
                                        @RestQuery @Parameter(description = "the newer version, e.g. 3") String to,
                                        @RestQuery @Parameter(description = "examples per side, 1 to 5000") String limit,
                                        @Context SecurityContext security) {
        int a = versionParameter("from", from);
        int b = versionParameter("to", to);
        int max = diffLimit(limit);
        return access.mayRead(id, Caller.of(security)).flatMap(d -> datasets.modelType(id))
                .map(type -> type.orElseThrow(() -> DatasetNotFoundException.dataset(id)))
                .flatMap(type -> requireVersion(id, a).flatMap(x -> requireVersion(id, b))
                        .flatMap(x -> versions.onlyIn(id, a, b, CsvColumns.header(type), max + 1))
                        .flatMap(onlyInFrom -> versions.onlyIn(id, b, a, CsvColumns.header(type), max + 1)
                                .map(onlyInTo -> VersionDiff.between(id, type, a, b,
                                        onlyInFrom.subList(0, Math.min(max, onlyInFrom.size())),
                                        onlyInTo.subList(0, Math.min(max, onlyInTo.size())),
                                        onlyInFrom.size() > max || onlyInTo.size() > max))));
    }

    /** A version as prompt text. */
    public record VersionText(String datasetId, int version, String modelType, String task, int examples, String text) {
    }

    @GET
    @Path("/{id}/versions/{version}/text")
    @Operation(summary = "A version written as prompt text, for editing it into the next version",
            description = "The original text is not stored: this is its examples written in the prompt format "
                    + "(which parses back to the same examples) under the version's task.")
    @APIResponse(responseCode = "404", description = "No such dataset version",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Uni<VersionText> text(@PathParam("id") String id, @PathParam("version") String version,
                                 @Context SecurityContext security) {
        int v = versionNumber(id, version);
        return access.mayRead(id, Caller.of(security)).flatMap(d -> versions.find(id, v))
                .map(found -> found.orElseThrow(() -> DatasetNotFoundException.version(id, v)))
                .flatMap(found -> datasets.modelType(id).map(Optional::orElseThrow).flatMap(type -> {
                    if (found.rowCount() > config.text().limits().maxExamples()) {
                        throw DatasetRefusedException.of("version", "version " + v + " has " + found.rowCount()
                                        + " examples, more than prompt text may hold",
                                "download it as CSV (/datasets/" + id + "/versions/" + v + "/csv) and edit the file");
                    }
                    return versions.examples(id, v, CsvColumns.header(type), found.rowCount(), 0)
                            .map(items -> new VersionText(id, v, type.wireName(), found.task(), found.rowCount(),
                                    PromptText.render(type, found.task(),
                                            items.stream().map(StoredExample::fields).toList())));
                }));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Soft-delete a dataset: hidden from lists, still readable by id (jobs refer to it)")
    @APIResponse(responseCode = "204", description = "Deleted (or already deleted)")
    @APIResponse(responseCode = "404", description = "No such dataset")
    public Uni<Response> delete(@PathParam("id") String id, @Context SecurityContext security) {
        return access.mayChange(id, Caller.of(security), "id").flatMap(d -> service.delete(id))
                .replaceWith(Response.noContent().build());
    }

    private static Response created(CreateOutcome outcome) {
        StoredVersion v = outcome.version();
        if (!outcome.created()) {
            return Response.ok(v).build();
        }
        return Response.created(URI.create("/datasets/" + v.datasetId() + "/versions/" + v.version())).entity(v).build();
    }

    private static DatasetSubmission requireBody(DatasetSubmission submission) {
        if (submission == null) {
            throw DatasetRefusedException.of("body", "the request has no body",
                    "send a JSON object like {\"text\": \"...\", \"modelType\": \"text_classification\"}");
        }
        return submission;
    }

    private Uni<DatasetVersion> requireVersion(String id, int v) {
        return versions.find(id, v).map(found -> found.orElseThrow(() -> DatasetNotFoundException.version(id, v)));
    }

    /** A query parameter that must be a version number: a 400 naming it otherwise. */
    static int versionParameter(String field, String value) {
        if (value == null || value.isBlank()) {
            throw DatasetRefusedException.of(field, "'" + field + "' is missing", "give a version number: 1, 2, 3 …");
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DatasetRefusedException.of(field, "'" + field + "' is not a version number: '"
                + (value.length() > 20 ? value.substring(0, 19) + "…" : value) + "'", "give a version number: 1, 2, 3 …");
    }

    /** true, false or absent (false); anything else is a 400 naming the parameter. */
    static boolean switchParameter(String field, String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw DatasetRefusedException.of(field, "'" + field + "' must be true or false", "leave it out for false");
    }

    private static int diffLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= 5000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw DatasetRefusedException.of("limit", "'limit' must be a number from 1 to 5000", "leave it out for 1000");
    }

    private static int versionNumber(String id, String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // not found below
        }
        throw new DatasetNotFoundException("version", "dataset '" + id + "' has no version '" + version
                + "'; versions are 1, 2, 3 …");
    }
}
