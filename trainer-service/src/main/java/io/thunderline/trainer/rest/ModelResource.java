package io.thunderline.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.thunderline.llm.ChatMessage;
import io.thunderline.llm.ExampleIndex;
import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.TokenSink;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.trainer.deploy.DeploymentService;
import io.thunderline.trainer.engine.ModelCache;
import io.thunderline.trainer.engine.lm.LanguageModels;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Use of trained models: predict (the page's "try it"), streamed generation for language models, and download. */
@Path("/models/{jobId}")
public class ModelResource {
    private static final Logger LOG = Logger.getLogger(ModelResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelCache cache;
    private final LanguageModels languageModels;
    private final DeploymentService deployments;
    private final Ownership owners;

    public ModelResource(ModelCache cache, LanguageModels languageModels, DeploymentService deployments,
                         Ownership owners) {
        this.cache = cache;
        this.languageModels = languageModels;
        this.deployments = deployments;
        this.owners = owners;
    }

    /** {text} for every model; language models also take the conversation so far and a length limit. */
    public record PredictRequest(String text, Integer maxChars, Double temperature, Integer maxTokens,
                                 List<Turn> history) {
    }

    public record Turn(String role, String content) {
    }

    /**
     * Classifiers: label, probability, probabilities, and the id the prediction is logged under (feedback on it goes to
     * POST /predictions/{predictionId}/feedback). Language models: answer (the same text also as completion,
     * the earlier name), its source ("generated", or "stored" when the selector answered with an example's answer)
     * and the examples it was given.
     */
    public record PredictResponse(String label, Double probability, Map<String, Double> probabilities, String completion,
                                  String answer, String source, List<Example> examples, String predictionId) {
    }

    public record Example(String prompt, String response, double cosine) {
    }

    /** Body of the streaming endpoint. */
    public record GenerateRequest(String prompt, List<Turn> history, Integer maxTokens) {
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public PredictResponse predict(@PathParam("jobId") String jobId, PredictRequest request,
                                   @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        owners.model(jobId, caller, false).await().atMost(java.time.Duration.ofSeconds(10));
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw new ModelRequestRefused("text", "field 'text' is empty: send {\"text\": \"something to classify or complete\"}");
        }
        Object model = cache.get(jobId);
        if (model instanceof TextClassifier classifier) {
            DeploymentService.Answer p = deployments.predictJob(jobId, classifier, request.text(), caller.subject());
            return new PredictResponse(p.label(), p.probability(), p.probabilities(), null, null, null, null, p.predictionId());
        }
        if (model instanceof RetrievalChatModel chat) {
            RetrievalChatModel.Answer a = chat.answer(languageModels.instructModel(), languageModels.encoder(),
                    request.text(), turns(request.history(), "history"), maxTokens(request.maxTokens()),
                    piece -> true, () -> false);
            return new PredictResponse(null, null, null, a.text(), a.text(), a.source(), examples(a), null);
        }
        // a character language model trained before the instruct model arrived
        LanguageModel lm = (LanguageModel) model;
        int maxChars = request.maxChars() == null ? 200 : Math.min(Math.max(request.maxChars(), 1), 2000);
        double temperature = request.temperature() == null ? 0.0 : Math.max(0.0, request.temperature());
        String completion = lm.complete(request.text(), maxChars, temperature, 42L);
        return new PredictResponse(null, null, null, completion, completion, "generated", null, null);
    }

    /**
     * The answer of a language model streamed as it is generated: server-sent events {@code token} with data
     * {"text": piece}, a {@code draft} event {"draft": 2} before the pieces of a second draft (written without the
     * examples, of a model that keeps the better of two), and a final {@code done} with data {"answer": text, "source":
     * ..., "tokens": n, and with two drafts "drafts": [both texts]}; an {@code error} event with {"message"} when it
     * fails. Closing the connection stops the generation. Bad input is refused before the stream opens (400 naming
     * the field); the answer is generated on a worker thread after this method returns, so the stream's headers go
     * out first (ending the response inside the method made the server log an error for every answer).
     */
    @POST
    @Path("/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> generate(@PathParam("jobId") String jobId, GenerateRequest request,
                                            @Context Sse sse, @Context SecurityContext security) {
        owners.model(jobId, Caller.of(security), false).await().atMost(java.time.Duration.ofSeconds(10));
        if (request == null || request.prompt() == null || request.prompt().isBlank()) {
            throw new ModelRequestRefused("prompt", "field 'prompt' is empty: send {\"prompt\": \"your message\", "
                    + "\"history\": [{\"role\": \"user\", \"content\": \"...\"}], \"maxTokens\": 200}");
        }
        List<ChatMessage> history = turns(request.history(), "history");
        Integer maxTokens = maxTokens(request.maxTokens());
        if (!(cache.get(jobId) instanceof RetrievalChatModel chat)) {
            throw new ModelRequestRefused("jobId", "job " + jobId + " has no instruction or chat model: use /models/" + jobId + "/predict");
        }
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    answer(jobId, chat, request.prompt(), history, maxTokens, sse, emitter, gone);
                } finally {
                    emitter.complete();
                }
            });
        });
    }

    /** Generates one answer into {@code events} until it ends or the client has {@code gone}. */
    private void answer(String jobId, RetrievalChatModel chat, String prompt, List<ChatMessage> history,
                        Integer maxTokens, Sse sse, MultiEmitter<? super OutboundSseEvent> events, AtomicBoolean gone) {
        try {
            TokenSink sink = new TokenSink() {
                @Override
                public boolean accept(String piece) {
                    return emit(events, gone, sse, "token", Map.of("text", piece));
                }

                @Override
                public boolean nextDraft(int number) {
                    return emit(events, gone, sse, "draft", Map.of("draft", number));
                }
            };
            RetrievalChatModel.Answer a = chat.answer(languageModels.instructModel(), languageModels.encoder(), prompt,
                    history, maxTokens, sink, gone::get);
            Map<String, Object> done = new java.util.LinkedHashMap<>();
            done.put("answer", a.text());
            done.put("source", a.source());
            done.put("tokens", a.generation() == null ? 0 : a.generation().tokens());
            if (!a.drafts().isEmpty()) {
                done.put("drafts", a.drafts());
            }
            emit(events, gone, sse, "done", done);
        } catch (RuntimeException e) {
            LOG.warnf(e, "generate for job %s failed", jobId);
            emit(events, gone, sse, "error", Map.of("message", e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Sends one event; false when the client has gone. */
    private static boolean emit(MultiEmitter<? super OutboundSseEvent> events, AtomicBoolean gone, Sse sse, String name,
                                Map<String, Object> data) {
        if (gone.get()) {
            return false;
        }
        try {
            events.emit(sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(JSON.writeValueAsString(data)).build());
            return !gone.get();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trained model file; the completed job update's {@code modelUrl} points here (thunderline.trainer.public-url). */
    @GET
    @Path("/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> file(@PathParam("jobId") String jobId, @Context SecurityContext security) {
        return owners.model(jobId, Caller.of(security), true).flatMap(v -> cache.file(jobId))
                .map(model -> Response.ok(model.bytes())
                        .header("Content-Disposition", "attachment; filename=\"model-" + jobId + ".tlm\"")
                        .header("X-Model-SHA256", model.sha256()).build());
    }

    private static Integer maxTokens(Integer requested) {
        if (requested == null) {
            return null;
        }
        if (requested < 1 || requested > 1024) {
            throw new ModelRequestRefused("maxTokens", "field 'maxTokens' must be 1..1024, was " + requested);
        }
        return requested;
    }

    private static List<ChatMessage> turns(List<Turn> turns, String field) {
        List<ChatMessage> out = new ArrayList<>();
        if (turns == null) {
            return out;
        }
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (t == null || t.content() == null) {
                throw new ModelRequestRefused(field + "[" + i + "].content", "field '" + field + "[" + i + "].content' is missing");
            }
            try {
                ChatMessage.Role role = ChatMessage.Role.of(t.role());
                if (role == ChatMessage.Role.SYSTEM) {
                    throw new IllegalArgumentException("role 'system' is not accepted here");
                }
                out.add(new ChatMessage(role, t.content()));
            } catch (IllegalArgumentException e) {
                throw new ModelRequestRefused(field + "[" + i + "].role", "field '" + field + "[" + i + "].role': " + e.getMessage()
                        + " (use user or assistant)");
            }
        }
        return out;
    }

    private static List<Example> examples(RetrievalChatModel.Answer a) {
        List<Example> out = new ArrayList<>();
        for (ExampleIndex.Neighbour n : a.neighbours()) {
            out.add(new Example(n.example().prompt(), n.example().response(), Math.round(n.cosine() * 1000) / 1000.0));
        }
        return out;
    }
}
