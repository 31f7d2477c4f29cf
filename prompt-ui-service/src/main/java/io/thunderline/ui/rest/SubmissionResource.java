package io.thunderline.ui.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.ui.service.SubmissionForm;
import io.thunderline.ui.service.SubmissionService;
import io.thunderline.ui.service.Submitted;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/submissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubmissionResource {
    private final SubmissionService submissions;

    public SubmissionResource(SubmissionService submissions) {
        this.submissions = submissions;
    }

    @POST
    public Uni<Response> submit(SubmissionForm form) {
        return submissions.submit(form, "anonymous")
                .map((Submitted s) -> Response.accepted(s).build());
    }
}
