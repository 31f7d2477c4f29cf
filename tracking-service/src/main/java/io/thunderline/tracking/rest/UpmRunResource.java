package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.tracking.client.MlflowGateway;
import io.thunderline.tracking.domain.SnapshotMapping;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.repository.UpmRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Where each UPM snapshot is in MLflow: the page links a snapshot (and a family's learning curve) from here. */
@Path("/upm-runs")
@Produces(MediaType.APPLICATION_JSON)
public class UpmRunResource {
    static final int MAX_LIMIT = 1000;

    private final UpmRepository upm;
    private final PendingOpRepository ops;
    private final MlflowGateway mlflow;

    public UpmRunResource(UpmRepository upm, PendingOpRepository ops, MlflowGateway mlflow) {
        this.upm = upm;
        this.ops = ops;
        this.mlflow = mlflow;
    }

    /** Snapshots with their runs, per family newest version first; {@code family} narrows to one family. */
    @GET
    public Uni<List<UpmRunView>> list(@QueryParam("family") String family,
                                      @QueryParam("limit") @DefaultValue("100") int limit,
                                      @QueryParam("offset") @DefaultValue("0") int offset,
                                      @Context SecurityContext security) {
        TrackingAccess.person(Caller.of(security));
        String f = family == null || family.isBlank() ? null : family(family);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidRequestException("offset", "offset must be 0 or more, not " + offset);
        }
        return Uni.combine().all().unis(upm.snapshots(f, limit, offset), upm.metrics(f)).asTuple()
                .map(t -> t.getItem1().stream()
                        .map(s -> UpmRunView.of(s, t.getItem2().get(s.family() + "/" + s.version()))).toList());
    }

    /** One snapshot's run; 404 when tracking-service has not seen the snapshot. */
    @GET
    @Path("/{family}/{version}")
    public Uni<UpmRunView> get(@PathParam("family") String family, @PathParam("version") long version,
                               @Context SecurityContext security) {
        TrackingAccess.person(Caller.of(security));
        String f = family(family);
        return Uni.combine().all().unis(upm.findSnapshot(f, version), upm.metrics(f)).asTuple().map(t -> t.getItem1()
                .map(s -> UpmRunView.of(s, t.getItem2().get(s.family() + "/" + s.version())))
                .orElseThrow(() -> new NotSeenException("tracking-service has seen no snapshot v" + version + " of " + f)));
    }

    /** A family in MLflow: its experiment, its history run (metrics across versions), the version served. */
    public record FamilyView(String family, String experimentId, String experimentUrl, String historyRunId,
                             String historyRunUrl, Long activeVersion, Long latestVersion, long pendingOperations) {
    }

    @GET
    @Path("/families")
    public Uni<List<FamilyView>> families(@Context SecurityContext security) {
        TrackingAccess.person(Caller.of(security));
        return upm.families().flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(List.<FamilyView>of())
                : Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(r -> ops.waitingFor(SnapshotMapping.stream(r.family()))
                        .map(pending -> new FamilyView(r.family(), r.experimentId(),
                                r.experimentId() == null ? null : mlflow.experimentUrl(r.experimentId()),
                                r.historyRunId(), r.historyRunUrl(), r.activeVersion(), r.latestVersion(), pending)))
                .collect().asList());
    }

    /** The family's wire name, or 400 naming the families there are. */
    static String family(String family) {
        try {
            return ModelType.fromWire(family).wireName();
        } catch (InvalidEventException e) {
            throw new InvalidRequestException("family", "family must be one of " + Arrays.stream(ModelType.values())
                    .map(ModelType::wireName).collect(Collectors.joining(", ")) + ", not '" + family + "'");
        }
    }
}
