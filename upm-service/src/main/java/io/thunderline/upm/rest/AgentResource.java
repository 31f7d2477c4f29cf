package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.AckRow;
import io.thunderline.upm.domain.AdapterRow;
import io.thunderline.upm.domain.AgentRow;
import io.thunderline.upm.repository.AdapterRepository;
import io.thunderline.upm.repository.AgentRepository;
import io.thunderline.upm.service.UpmException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;
import jakarta.ws.rs.core.Response;

import java.util.List;

@Path("/upm")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {
    private final AgentRepository agents;
    private final AdapterRepository adapters;
    private final UpmConfig config;

    public AgentResource(AgentRepository agents, AdapterRepository adapters, UpmConfig config) {
        this.agents = agents;
        this.adapters = adapters;
        this.config = config;
    }

    /** Every agent and family heard from: held version, the active one, synced, live (heard within offline-after), last error. */
    @GET
    @Path("/agents")
    public Uni<List<AgentRow>> agents(@Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return agents.list(config.agents().offlineAfter());
    }

    /** What one agent acked, newest first: versions it applied and adapters it refused with the reason. */
    @GET
    @Path("/agents/{agentId}/acks")
    public Uni<List<AckRow>> acks(@PathParam("agentId") String agentId, @QueryParam("family") String family,
                                  @QueryParam("limit") Integer limit, @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return agents.acks(agentId, Params.family(family), Params.limit(limit, 500));
    }

    /** Adapters published to upm.adapters, newest first (the topic itself keeps the latest per family). */
    @GET
    @Path("/adapters")
    public Uni<List<AdapterRow>> adapters(@QueryParam("family") String family, @QueryParam("limit") Integer limit,
                                          @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return adapters.list(Params.family(family), Params.limit(limit, 500));
    }

    /**
     * The compressed bytes of an adapter published with a fetch URL (too large to travel inline): what the event's
     * {@code fetchUrl} names. X-Upm-Encoding and X-Upm-Checksum repeat the event's encoding and checksum; agents check
     * the bytes against the checksum of the event, not of this response.
     */
    @GET
    @Path("/adapters/{family}/{version}/payload")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> payload(@PathParam("family") String family, @PathParam("version") long version,
                                 @QueryParam("checksum") String checksum, @Context SecurityContext security) {
        UpmAccess.agentOrReader(Caller.of(security));
        ModelType f = Params.family(family);
        return adapters.payload(f, version, checksum).map(found -> {
            AdapterRepository.Payload p = found.orElseThrow(() -> UpmException.notFound("no stored adapter payload for "
                    + f.wireName() + " v" + version + (checksum == null ? "" : " with checksum " + checksum)
                    + " (only the newest adapters sent by fetch URL keep their bytes)"));
            return Response.ok(p.bytes(), MediaType.APPLICATION_OCTET_STREAM)
                    .header("X-Upm-Encoding", p.encoding())
                    .header("X-Upm-Checksum", p.checksum())
                    .build();
        });
    }
}
