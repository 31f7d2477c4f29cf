package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.upm.service.StatusPublisher;
import io.thunderline.upm.service.UpmFlag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/upm")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    private final StatusPublisher status;
    private final UpmFlag flag;

    public StatusResource(StatusPublisher status, UpmFlag flag) {
        this.status = status;
        this.flag = flag;
    }

    @GET
    @Path("/status")
    public Uni<UpmStatus> status() {
        return status.current();
    }

    /** The admin toggle of the feature flag. */
    @PUT
    @Path("/enabled")
    public Uni<UpmStatus> enable(@QueryParam("on") boolean on) {
        flag.set(on);
        return status.publish().flatMap(v -> status.current());
    }
}
