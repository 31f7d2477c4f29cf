package io.thunderline.dataset.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.dataset.Dataset;
import io.thunderline.dataset.repository.DatasetRepository;
import io.thunderline.dataset.service.DatasetNotFoundException;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotAllowed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owner-or-admin for datasets, the same rule as the page's: a person reaches the datasets they created, an admin all;
 * another person's dataset answers 404 as if it did not exist, so ids cannot be probed. trainer-service, calling for
 * itself, may read a dataset and its CSV (a run needs the data; a schedule the metadata) and nothing else.
 */
@ApplicationScoped
public class DatasetAccess {
    /** The one service that calls dataset-service for itself. */
    static final String TRAINER = "trainer-service";

    private final DatasetRepository datasets;

    public DatasetAccess(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    /** The dataset, when the caller may read it. */
    public Uni<Dataset> readable(String id, Caller caller, String field) {
        return datasets.find(id).map(found -> {
            Dataset d = found.orElseThrow(() -> notFound(id, caller, field));
            if (!caller.isService(TRAINER) && !caller.maySee(createdBy(d))) {
                throw notFound(id, caller, field);
            }
            return d;
        });
    }

    /**
     * Completes when the caller may read the dataset. Admins and trainer-service are not looked up here: the endpoint
     * answers them as it always did (its own 404 naming the version or the dataset).
     */
    public Uni<Void> mayRead(String id, Caller caller) {
        if (caller.admin() || caller.isService(TRAINER)) {
            return Uni.createFrom().voidItem();
        }
        return readable(id, caller, "id").replaceWithVoid();
    }

    /** Completes when the caller may change the dataset (a new version, a delete): its owner or an admin. */
    public Uni<Void> mayChange(String id, Caller caller, String field) {
        if (caller.admin()) {
            return Uni.createFrom().voidItem();
        }
        return datasets.find(id).map(found -> {
            Dataset d = found.orElseThrow(() -> notFound(id, caller, field));
            if (!caller.maySee(createdBy(d))) {
                throw notFound(id, caller, field);
            }
            return null;
        });
    }

    /**
     * Who a new dataset (or version) is recorded as made by: the person calling. A person naming someone else in
     * createdBy is refused; an admin may store for someone (imports, support).
     */
    public String author(String createdBy, Caller caller) {
        boolean named = createdBy != null && !createdBy.isBlank();
        if (caller.admin()) {
            return named ? createdBy.strip() : caller.subject();
        }
        if (!caller.person()) {
            throw new NotAllowed("Authorization", "datasets are created by people (a user's token from the page), not by "
                    + (caller.agent() ? "agents" : caller.subject()));
        }
        if (named && !createdBy.strip().equals(caller.subject())) {
            throw new NotAllowed("createdBy", "createdBy '" + createdBy.strip() + "' is not you (" + caller.subject()
                    + "); leave it out, your datasets are recorded as yours");
        }
        return caller.subject();
    }

    /** Whose datasets a list shows: a person's own, whatever they asked; an admin's filter as given (null: all). */
    public String listedOwner(String createdBy, Caller caller) {
        String asked = createdBy == null || createdBy.isBlank() ? null : createdBy.strip();
        if (caller.admin()) {
            return asked;
        }
        if (!caller.person()) {
            throw new NotAllowed("Authorization", "only people and admins list datasets");
        }
        if (asked != null && !asked.equals(caller.subject())) {
            throw new NotAllowed("createdBy", "you may list only your own datasets (createdBy=" + caller.subject()
                    + " or leave it out)");
        }
        return caller.subject();
    }

    private static String createdBy(Dataset d) {
        return d.metadata() == null ? null : d.metadata().get("created_by");
    }

    private static DatasetNotFoundException notFound(String id, Caller caller, String field) {
        return caller.admin() || caller.isService(TRAINER) ? new DatasetNotFoundException(field, "no dataset with id '"
                + id + "'") : new DatasetNotFoundException(field, "no dataset '" + id + "' of yours: it does not exist, "
                + "or another user made it");
    }
}
