package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import io.thunderline.ui.service.SubmissionForm;
import io.thunderline.ui.service.SubmissionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Submitting a training job: the text of the page's textarea (JSON) or a CSV file (multipart). 202 with the job. */
@Path("/api/submissions")
@Produces(MediaType.APPLICATION_JSON)
public class SubmissionResource {
    static final long MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    private final SubmissionService submissions;
    private final DatasetAccess datasets;
    private final SecurityIdentity identity;

    public SubmissionResource(SubmissionService submissions, DatasetAccess datasets, SecurityIdentity identity) {
        this.submissions = submissions;
        this.datasets = datasets;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(SubmissionForm form) {
        if (form == null) {
            throw new FormError("promptText", "Nothing was submitted: send promptText and modelType as JSON.");
        }
        form.datasetSource(); // an unknown source is refused before anything is stored
        String user = Viewer.of(identity).name();
        if (form.targetDataset() == null) {
            return submissions.submit(form, user).map(s -> Response.accepted(s).build());
        }
        // a new version of an existing dataset ("edit and retrain"): only of one's own (an admin's: any)
        return datasets.visible(form.targetDataset(), identity, "datasetId")
                .flatMap(d -> submissions.submit(form, user)).map(s -> Response.accepted(s).build());
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(@RestForm("file") FileUpload file, @RestForm String modelType, @RestForm String priority,
                                @RestForm String useUpm, @RestForm String trackMlflow) {
        // the switches first: a refused form must not cost reading the file
        flag("useUpm", useUpm);
        flag("trackMlflow", trackMlflow);
        if (file == null) {
            throw new FormError("file", "Choose a CSV file to upload.");
        }
        if (file.size() > MAX_UPLOAD_BYTES) {
            throw new FormError("file", "The file has " + file.size() + " bytes; the limit is " + MAX_UPLOAD_BYTES
                    + ". Split it into smaller files.");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
        return submissions.submitCsv(file.fileName(), content, modelType, priority, flag("useUpm", useUpm),
                flag("trackMlflow", trackMlflow), Viewer.of(identity).name()).map(s -> Response.accepted(s).build());
    }

    /**
     * A switch of the upload form: true, false or left out. Quarkus would read any other word ("maybe") as false and
     * train with a setting nobody chose.
     */
    static Boolean flag(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on" -> Boolean.TRUE;
            case "false", "off" -> Boolean.FALSE;
            default -> throw new FormError(field, "'" + (value.length() > 20 ? value.substring(0, 20) + "…" : value)
                    + "' is not a switch value: send " + field + "=true or " + field + "=false.");
        };
    }
}
