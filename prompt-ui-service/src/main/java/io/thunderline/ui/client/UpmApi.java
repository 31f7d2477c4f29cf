package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.UpmStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** upm-service's status, read when no upm.status event arrived lately. */
@RegisterRestClient(configKey = "upm")
@RegisterProvider(ForwardedUser.ToUpm.class)
@Produces(MediaType.APPLICATION_JSON)
public interface UpmApi {
    @GET
    @Path("/upm/status")
    Uni<UpmStatus> status();
}
