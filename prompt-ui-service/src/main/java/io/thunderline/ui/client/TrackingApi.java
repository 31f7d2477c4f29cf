package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** tracking-service's REST API: comparison data, exports, health. */
@RegisterRestClient(configKey = "tracking")
@RegisterProvider(ForwardedUser.ToTracking.class)
@Produces(MediaType.APPLICATION_JSON)
public interface TrackingApi {
    /** One job's run as MLflow holds it: its params and every metric's steps. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Run(String jobId, Map<String, String> params, Map<String, List<Step>> metrics) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Step(double step, double value) {
    }

    @GET
    @Path("/compare")
    Uni<List<Run>> compare(@QueryParam("jobs") String jobs);

    @GET
    @Path("/runs/{jobId}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    Uni<String> export(@PathParam("jobId") String jobId, @QueryParam("format") String format);

    @GET
    @Path("/q/health")
    Uni<HealthReport> health();
}
