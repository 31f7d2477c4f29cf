package io.thunderline.ui.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.ui.config.UiConfig;
import io.thunderline.ui.security.Viewer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** The pages. They are shells: the data comes from /api/** and the live stream, so nothing live needs a reload. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {
    private final Template trainingPrompt;
    private final Template jobDetail;
    private final Template compare;
    private final Template datasetVersions;
    private final Template abTests;
    private final Template abTest;
    private final JobAccess access;
    private final DeploymentAccess deploymentAccess;
    private final DatasetAccess datasetAccess;
    private final SecurityIdentity identity;
    private final UiConfig config;

    public PageResource(@Location("trainingPrompt.html") Template trainingPrompt, @Location("jobDetail.html") Template jobDetail,
                        @Location("compare.html") Template compare,
                        @Location("datasetVersions.html") Template datasetVersions,
                        @Location("abTests.html") Template abTests, @Location("abTest.html") Template abTest,
                        JobAccess access, DatasetAccess datasetAccess, DeploymentAccess deploymentAccess,
                        SecurityIdentity identity, UiConfig config) {
        this.trainingPrompt = trainingPrompt;
        this.jobDetail = jobDetail;
        this.compare = compare;
        this.datasetVersions = datasetVersions;
        this.abTests = abTests;
        this.abTest = abTest;
        this.access = access;
        this.deploymentAccess = deploymentAccess;
        this.datasetAccess = datasetAccess;
        this.identity = identity;
        this.config = config;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/training/prompt")).build();
    }

    @GET
    @Path("training/prompt")
    public TemplateInstance prompt() {
        return trainingPrompt.data("viewer", Viewer.of(identity)).data("modelTypes", List.of(ModelType.values()))
                .data("upmOnlyClassifiers", io.thunderline.ui.service.SubmissionService.UPM_ONLY_CLASSIFIERS)
                .data("maxChars", config.maxPromptChars());
    }

    @GET
    @Path("training/jobs/{id}")
    public Uni<TemplateInstance> job(@PathParam("id") String id) {
        return access.visible(id, identity).map(job -> jobDetail.data("viewer", Viewer.of(identity)).data("job", job));
    }

    /** A dataset's versions, their jobs and scores, the diff of any two, "edit and retrain" (data from /api/datasets). */
    @GET
    @Path("training/datasets/{id}")
    public Uni<TemplateInstance> dataset(@PathParam("id") String id) {
        return datasetAccess.visible(id, identity).map(d -> datasetVersions.data("viewer", Viewer.of(identity))
                .data("datasetId", d.datasetId()).data("datasetName", d.name()).data("modelType", d.modelType()));
    }

    /** The viewer's A/B tests and a form for a new one ({@code a}: the job to start from, e.g. from a job page). */
    @GET
    @Path("training/ab-tests")
    public TemplateInstance abTests(@QueryParam("a") String a) {
        return abTests.data("viewer", Viewer.of(identity)).data("startJob", a == null ? "" : a);
    }

    /** One A/B test: ask it, judge its answers, each side's online accuracy, B's share, "Promote B". */
    @GET
    @Path("training/ab-tests/{id}")
    public Uni<TemplateInstance> abTest(@PathParam("id") String id) {
        return deploymentAccess.visible(id, identity).map(d -> abTest.data("viewer", Viewer.of(identity))
                .data("deploymentId", d.id()).data("name", d.name()));
    }

    @GET
    @Path("training/compare")
    public TemplateInstance compare(@QueryParam("jobs") String jobs) {
        return compare.data("viewer", Viewer.of(identity)).data("jobs", jobs == null ? "" : jobs);
    }
}
