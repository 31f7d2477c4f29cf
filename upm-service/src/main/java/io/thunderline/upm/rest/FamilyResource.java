package io.thunderline.upm.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.thunderline.upm.service.ActiveModel;
import io.thunderline.upm.service.TrainerWorkers;
import io.thunderline.upm.service.UpmException;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.UpmFeatures;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Path("/upm/families")
@Produces(MediaType.APPLICATION_JSON)
public class FamilyResource {
    private final FamilyRepository families;
    private final WindowRepository windows;
    private final TrainerWorkers workers;

    public FamilyResource(FamilyRepository families, WindowRepository windows, TrainerWorkers workers) {
        this.families = families;
        this.windows = windows;
        this.workers = workers;
    }

    public record FamilyView(ModelType family, int dims, int labelCapacity, List<String> labels, Long headVersion,
                             Long activeVersion, long windowsApplied, long windowsPending) {
    }

    public record PredictRequest(String text) {
    }

    @GET
    public Uni<List<FamilyView>> list(@Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        return families.all().flatMap(rows -> {
            List<Uni<FamilyView>> views = new ArrayList<>();
            for (FamilyRow f : rows) {
                views.add(windows.counts(f.family()).map(c -> new FamilyView(f.family(), f.dims(), f.labelCapacity(), f.labels(),
                        f.headVersion(), workers.worker(f.family()).active().map(ActiveModel::version).orElse(null),
                        c.applied(), c.pending())));
            }
            return views.isEmpty() ? Uni.createFrom().item(List.<FamilyView>of())
                    : Uni.join().all(views).andFailFast();
        });
    }

    /** The service's own prediction with the active snapshot: the reference agents must match. */
    @POST
    @Path("/{family}/predict")
    public Uni<FamilyPrediction> predict(@PathParam("family") String family, PredictRequest request,
                                         @Context SecurityContext security) {
        UpmAccess.reader(Caller.of(security));
        ModelType f = Params.family(family);
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw UpmException.badRequest("text", "field 'text' is required: the text to classify");
        }
        Optional<ActiveModel> loaded = workers.worker(f).active();
        if (loaded.isPresent()) {
            return Uni.createFrom().item(loaded.get().predict(UpmFeatures.featurize(request.text())));
        }
        return Uni.createFrom().completionStage(workers.worker(f).loadActive())
                .map(active -> active.orElseThrow(() -> UpmException.conflict("no " + f.wireName()
                        + " snapshot is active yet; the first one comes after "
                        + "thunderline.upm.snapshots.every-windows windows")).predict(UpmFeatures.featurize(request.text())));
    }
}
