package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.AckRow;
import io.thunderline.upm.domain.AdapterRow;
import io.thunderline.upm.domain.AgentRow;
import io.thunderline.upm.repository.AdapterRepository;
import io.thunderline.upm.repository.AgentRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

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
    public Uni<List<AgentRow>> agents() {
        return agents.list(config.agents().offlineAfter());
    }

    /** What one agent acked, newest first: versions it applied and adapters it refused with the reason. */
    @GET
    @Path("/agents/{agentId}/acks")
    public Uni<List<AckRow>> acks(@PathParam("agentId") String agentId, @QueryParam("family") String family,
                                  @QueryParam("limit") Integer limit) {
        return agents.acks(agentId, Params.family(family), Params.limit(limit, 500));
    }

    /** Adapters published to upm.adapters, newest first (the topic itself keeps the latest per family). */
    @GET
    @Path("/adapters")
    public Uni<List<AdapterRow>> adapters(@QueryParam("family") String family, @QueryParam("limit") Integer limit) {
        return adapters.list(Params.family(family), Params.limit(limit, 500));
    }
}
