package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.Refused;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.client.DatasetApi;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A user sees (and adds versions to) the datasets they created, an admin all of them; anyone else's dataset does not
 * exist for them, as with jobs. dataset-service itself does not check callers (only the page calls it): this is the
 * check.
 */
@ApplicationScoped
public class DatasetAccess {
    private final DatasetClient datasets;

    public DatasetAccess(DatasetClient datasets) {
        this.datasets = datasets;
    }

    /** Answered as 404, so that a user cannot learn which dataset ids exist. */
    public static class NotYours extends ProblemException {
        NotYours(String field, String datasetId) {
            super(404, field, "No dataset " + datasetId + " of yours: it does not exist, or another user made it");
        }
    }

    public Uni<DatasetApi.DatasetInfo> visible(String datasetId, SecurityIdentity identity) {
        return visible(datasetId, identity, "id");
    }

    /** The dataset if the viewer may see it; {@code field} names the request field that carried the id. */
    public Uni<DatasetApi.DatasetInfo> visible(String datasetId, SecurityIdentity identity, String field) {
        Viewer viewer = Viewer.of(identity);
        if (datasetId == null || !datasetId.matches("[A-Za-z0-9_-]{1,64}")) {
            return Uni.createFrom().failure(new NotYours(field, String.valueOf(datasetId)));
        }
        return datasets.dataset(datasetId)
                .onFailure(e -> e instanceof Refused r && r.status() == 404)
                .transform(e -> new NotYours(field, datasetId))
                .map(d -> {
                    if (!viewer.maySee(d.createdBy())) {
                        throw new NotYours(field, datasetId);
                    }
                    return d;
                });
    }
}
