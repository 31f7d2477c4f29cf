package io.thunderline.dataset.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.repository.DatasetRepository;
import io.thunderline.dataset.service.DatasetService;
import io.thunderline.dataset.service.DatasetSubmission;
import io.thunderline.dataset.service.StoredVersion;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DatasetResource {
    private final DatasetService service;
    private final DatasetRepository datasets;

    public DatasetResource(DatasetService service, DatasetRepository datasets) {
        this.service = service;
        this.datasets = datasets;
    }

    public record Preview(String modelType, String task, int examples, Map<String, Integer> labels,
                          List<ParseIssue> warnings, List<ParseIssue> errors, boolean ok) {
        static Preview of(ParseResult r) {
            return new Preview(r.type().wireName(), r.taskDescription(), r.exampleCount(), r.labelCounts(), r.warnings(),
                    r.errors(), r.ok());
        }
    }

    /** Parses without storing; errors come back as data (200), since the page shows them while typing. */
    @POST
    @Path("/preview")
    public Preview preview(DatasetSubmission submission) {
        return Preview.of(service.preview(submission.text(), submission.modelType()));
    }

    @POST
    public Uni<Response> create(DatasetSubmission submission) {
        return service.create(submission).map(v -> Response.status(Response.Status.CREATED).entity(v).build());
    }

    @GET
    @Path("/{id}")
    public Uni<DatasetRepository.VersionRow> latest(@PathParam("id") String id) {
        return version(id, null);
    }

    @GET
    @Path("/{id}/versions/{version}")
    public Uni<DatasetRepository.VersionRow> version(@PathParam("id") String id, @PathParam("version") Integer version) {
        return datasets.findVersion(id, version).map(v -> v.orElseThrow(() ->
                new NotFoundException("no dataset " + id + (version == null ? "" : " version " + version))));
    }

    @GET
    @Path("/{id}/versions/{version}/csv")
    @Produces("text/csv")
    public Uni<Response> csv(@PathParam("id") String id, @PathParam("version") int version) {
        return datasets.canonicalCsv(id, version).map(csv -> csv
                .map(body -> Response.ok(body).header("Content-Disposition",
                        "attachment; filename=\"" + id + "_v" + version + ".csv\"").build())
                .orElseThrow(() -> new NotFoundException("no dataset " + id + " version " + version)));
    }

}
