package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.util.List;
import java.util.Map;

/** dataset-service's REST API, as the page needs it: the records hold only what the page reads. */
@RegisterRestClient(configKey = "dataset")
@RegisterProvider(ForwardedUser.ToDataset.class)
@Produces(MediaType.APPLICATION_JSON)
public interface DatasetApi {
    /**
     * Prompt text to store (or preview). {@code source}: "auto-label" when the text holds lines whose labels
     * {@code createdBy} accepted from the page's auto-labelling; null for ordinary prompt text. {@code datasetId}: the
     * dataset whose next version the text becomes ("edit and retrain"); null for a new dataset.
     */
    record Submission(String text, String modelType, String createdBy, String description, String source,
                      String datasetId) {
        public Submission(String text, String modelType, String createdBy, String description, String source) {
            this(text, modelType, createdBy, description, source, null);
        }

        public Submission(String text, String modelType, String createdBy, String description) {
            this(text, modelType, createdBy, description, null, null);
        }
    }

    /** A stored dataset version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String datasetId, String name, int version, int rowCount) {
    }

    /** The parse of a text while it is typed: counts, or the issues (with their line) that stop it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Preview(int examples, Map<String, Integer> labels, List<Issue> warnings, List<Issue> errors, boolean ok) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Issue(Integer line, Integer column, String message, String hint) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Template(String id, String name, String text) {
    }

    @POST
    @Path("/datasets")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Created> create(Submission submission);

    @POST
    @Path("/datasets/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Created> upload(ClientMultipartForm form);

    @POST
    @Path("/datasets/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Preview> preview(Submission submission);

    @GET
    @Path("/templates")
    Uni<List<Template>> templates(@QueryParam("modelType") String modelType);

    /** spreadsheet=true: the copy for people, formula-like cells prefixed with ' (OWASP CSV injection). */
    @GET
    @Path("/datasets/{id}/versions/{version}/csv")
    @Produces("text/csv")
    Uni<String> csv(@PathParam("id") String id, @PathParam("version") int version,
                    @QueryParam("spreadsheet") boolean spreadsheet);
    /** A dataset: who made it (metadata.created_by), its model type and latest version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DatasetInfo(String datasetId, String name, String description, String modelType, Map<String, String> metadata,
                       String createdAt, String deletedAt, int latestVersion) {
        public String createdBy() {
            return metadata == null ? null : metadata.get("created_by");
        }
    }

    /** One version: its examples count, labels, change summary, source and author. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Version(int version, int rowCount, Map<String, Integer> labels, String task, String changeSummary,
                   String source, String createdBy, String createdAt) {
    }

    /** An example of one version by canonical column. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DiffRow(int ordinal, Map<String, String> fields) {
    }

    /** An example whose key (text; instruction and input; prompt) stayed and whose answer changed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DiffChange(Map<String, String> key, Map<String, String> before, Map<String, String> after, int ordinalBefore,
                      int ordinalAfter) {
    }

    /** What changed from version {@code from} to version {@code to}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Diff(String datasetId, String modelType, int from, int to, List<String> keyColumns,
                List<String> answerColumns, List<DiffRow> added, List<DiffRow> removed, List<DiffChange> changed,
                boolean truncated) {
    }

    /** A version written as prompt text. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionText(String datasetId, int version, String modelType, String task, int examples, String text) {
    }

    @GET
    @Path("/datasets/{id}")
    Uni<DatasetInfo> dataset(@PathParam("id") String id);

    @GET
    @Path("/datasets/{id}/versions")
    Uni<List<Version>> versions(@PathParam("id") String id);

    @GET
    @Path("/datasets/{id}/diff")
    Uni<Diff> diff(@PathParam("id") String id, @QueryParam("from") int from, @QueryParam("to") int to);

    @GET
    @Path("/datasets/{id}/versions/{version}/text")
    Uni<VersionText> text(@PathParam("id") String id, @PathParam("version") int version);
}
