package io.thunderline.trainer.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The part of dataset-service's API the trainer reads: a version's canonical CSV, and a dataset's newest version. */
@RegisterRestClient(configKey = "dataset")
@RegisterProvider(DatasetServiceToken.class)
@Path("/datasets")
public interface DatasetApi {
    @GET
    @Path("/{id}/versions/{version}/csv")
    @Produces("text/csv")
    String csv(@PathParam("id") String datasetId, @PathParam("version") int version);

    @GET
    @Path("/{id}")
    @Produces("application/json")
    Uni<DatasetInfo> dataset(@PathParam("id") String datasetId);
}
