package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.upm.service.StatusPublisher;
import io.thunderline.upm.service.TrainerWorkers;
import io.thunderline.upm.service.UpmException;
import io.thunderline.upm.service.UpmFlag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

@Path("/upm")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    private final StatusPublisher status;
    private final UpmFlag flag;
    private final TrainerWorkers workers;

    public StatusResource(StatusPublisher status, UpmFlag flag, TrainerWorkers workers) {
        this.status = status;
        this.flag = flag;
        this.workers = workers;
    }

    @GET
    @Path("/status")
    public Uni<UpmStatus> status(@Context SecurityContext security) {
        UpmAccess.statusReader(Caller.of(security));
        return status.current();
    }

    /** The admin toggle of the feature flag; switching on applies the windows kept meanwhile. */
    @PUT
    @Path("/enabled")
    public Uni<UpmStatus> enable(@QueryParam("on") String on, @Context SecurityContext security) {
        UpmAccess.admin(Caller.of(security));
        if (on == null || !(on.equalsIgnoreCase("true") || on.equalsIgnoreCase("false"))) {
            throw UpmException.badRequest("on", "query parameter 'on' must be true or false, e.g. PUT /upm/enabled?on=true");
        }
        flag.set(Boolean.parseBoolean(on));
        if (flag.enabled()) {
            workers.wakeAll();
        }
        return status.publish().flatMap(v -> status.current());
    }
}
