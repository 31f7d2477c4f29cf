package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.upm.domain.DriftRow;
import io.thunderline.upm.repository.DriftRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.List;

@Path("/upm/drift")
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {
    private final DriftRepository drift;

    public DriftResource(DriftRepository drift) {
        this.drift = drift;
    }

    /** Drift checks, newest first. */
    @GET
    public Uni<List<DriftRow>> list(@QueryParam("family") String family, @QueryParam("version") Long version,
                                    @QueryParam("limit") Integer limit, @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return drift.list(Params.family(family), version, Params.limit(limit, 500));
    }
}
