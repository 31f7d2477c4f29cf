package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.DriftRow;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.AgentRow;
import io.thunderline.upm.repository.AgentRepository;
import io.thunderline.upm.repository.DriftRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.service.AdminActions;
import io.thunderline.upm.service.ModelStore;
import io.thunderline.upm.service.UpmException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/**
 * Snapshots: list, detail (with its drift check), download of the stored model, activate (admin override with
 * force=true for a quarantined one), rollback to an earlier one, and canary (serve a newer one to named agents first).
 */
@Path("/upm/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotResource {
    private final SnapshotRepository snapshots;
    private final DriftRepository drift;
    private final AdminActions admin;
    private final AgentRepository agents;
    private final UpmConfig config;

    public SnapshotResource(SnapshotRepository snapshots, DriftRepository drift, AdminActions admin, AgentRepository agents,
                            UpmConfig config) {
        this.snapshots = snapshots;
        this.drift = drift;
        this.admin = admin;
        this.agents = agents;
        this.config = config;
    }

    public record SnapshotDetail(SnapshotRow snapshot, DriftRow drift, String downloadUrl) {
    }

    @GET
    public Uni<List<SnapshotRow>> list(@QueryParam("family") String family, @QueryParam("status") String status,
                                       @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                                       @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return snapshots.list(Params.family(family), Params.status(status), Params.limit(limit, 500), Params.offset(offset));
    }

    @GET
    @Path("/{family}/{version}")
    public Uni<SnapshotDetail> detail(@PathParam("family") String family, @PathParam("version") long version,
                                      @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        ModelType f = Params.family(family);
        return snapshots.find(f, version).flatMap(found -> {
            SnapshotRow s = found.orElseThrow(() -> UpmException.notFound("no snapshot " + f.wireName() + " v" + version));
            return drift.list(f, version, 1).map(reports -> new SnapshotDetail(s, reports.isEmpty() ? null : reports.get(0),
                    "/upm/snapshots/" + f.wireName() + "/" + version + "/download"));
        });
    }

    /**
     * The stored model: ml-core OnlineSoftmax bytes (weights, AdaGrad history), zstd- or gzip-compressed as the
     * X-Upm-Encoding header says; X-Upm-Checksum is the SHA-256 of the weights (big-endian floats).
     */
    @GET
    @Path("/{family}/{version}/download")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> download(@PathParam("family") String family, @PathParam("version") long version,
                                  @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        ModelType f = Params.family(family);
        return snapshots.state(f, version).map(found -> {
            SnapshotRepository.State s = found.orElseThrow(() -> UpmException.notFound("no weights for " + f.wireName() + " v"
                    + version + " (unknown or archived)"));
            return Response.ok(s.bytes(), MediaType.APPLICATION_OCTET_STREAM)
                    .header("Content-Disposition", "attachment; filename=\"" + f.wireName() + "-v" + version
                            + ModelStore.fileExtension(s.encoding()) + "\"")
                    .header("X-Upm-Encoding", s.encoding())
                    .header("X-Upm-Checksum", s.checksum())
                    .build();
        });
    }

    @POST
    @Path("/{family}/{version}/activate")
    public Uni<SnapshotRow> activate(@PathParam("family") String family, @PathParam("version") long version,
                                     @QueryParam("force") boolean force, @Context SecurityContext security) {
        UpmAccess.admin(Caller.of(security));
        return admin.activate(Params.family(family), version, force);
    }

    @POST
    @Path("/{family}/{version}/rollback")
    public Uni<SnapshotRow> rollback(@PathParam("family") String family, @PathParam("version") long version,
                                     @Context SecurityContext security) {
        UpmAccess.admin(Caller.of(security));
        return admin.rollback(Params.family(family), version);
    }

    /**
     * Serves a newer snapshot to the named agents only (?agents=a,b or repeated), or to a share of the family's live
     * agents (?share=0.25: that share of the agents live now, at least one, picked by a hash of agent and version so
     * the pick is spread and repeatable; agents that join later get the active version); activate it to promote it.
     */
    @POST
    @Path("/{family}/{version}/canary")
    public Uni<SnapshotRow> canary(@PathParam("family") String family, @PathParam("version") long version,
                                   @QueryParam("agents") List<String> agents, @QueryParam("share") Double share,
                                   @QueryParam("force") boolean force, @Context SecurityContext security) {
        UpmAccess.admin(Caller.of(security));
        ModelType f = Params.family(family);
        boolean named = agents != null && agents.stream().anyMatch(a -> a != null && !a.isBlank());
        if (share == null || named) {
            if (share != null) {
                throw UpmException.badRequest("share", "give either agents or share, not both");
            }
            return admin.canary(f, version, agents, force);
        }
        return this.agents.list(config.agents().offlineAfter()).flatMap(rows -> admin.canary(f, version,
                AdminActions.shareOfAgents(rows.stream().filter(r -> r.family() == f && r.live()).map(AgentRow::agentId)
                        .toList(), f, version, share), force));
    }

    /** Calls a canary off: its agents go back to the active snapshot. */
    @DELETE
    @Path("/{family}/{version}/canary")
    public Uni<SnapshotRow> abortCanary(@PathParam("family") String family, @PathParam("version") long version,
                                        @Context SecurityContext security) {
        UpmAccess.admin(Caller.of(security));
        return admin.abortCanary(Params.family(family), version);
    }
}
