package io.thunderline.trainer.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.model.TrainedModel;
import io.thunderline.trainer.repository.ModelRepository;
import io.thunderline.trainer.service.ModelCache;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Use of trained models: predict (the page's "try it") and download. */
@Path("/models/{jobId}")
public class ModelResource {
    private final ModelCache cache;
    private final ModelRepository models;

    public ModelResource(ModelCache cache, ModelRepository models) {
        this.cache = cache;
        this.models = models;
    }

    public record PredictRequest(String text, Integer maxChars, Double temperature) {
    }

    public record PredictResponse(String label, Double probability, Map<String, Double> probabilities, String completion) {
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public PredictResponse predict(@PathParam("jobId") String jobId, PredictRequest request) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw new BadRequestException("field 'text' is empty: send {\"text\": \"something to classify or complete\"}");
        }
        TrainedModel model = cache.get(jobId);
        if (model instanceof TextClassifier classifier) {
            Prediction p = classifier.predict(request.text());
            return new PredictResponse(p.label(), p.probability(), p.probabilities(), null);
        }
        LanguageModel lm = (LanguageModel) model;
        int maxChars = request.maxChars() == null ? 200 : Math.min(Math.max(request.maxChars(), 1), 2000);
        double temperature = request.temperature() == null ? 0.0 : Math.max(0.0, request.temperature());
        return new PredictResponse(null, null, null, lm.complete(request.text(), maxChars, temperature, 42L));
    }

    @GET
    @Path("/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> file(@PathParam("jobId") String jobId) {
        return models.find(jobId).map(m -> m.map(model -> Response.ok(model.bytes())
                        .header("Content-Disposition", "attachment; filename=\"model-" + jobId + ".tlm\"")
                        .header("X-Model-SHA256", model.sha256()).build())
                .orElseThrow(() -> new NotFoundException("job " + jobId + " has no trained model (is it completed?)")));
    }
}
