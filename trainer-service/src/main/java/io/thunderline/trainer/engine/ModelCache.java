package io.thunderline.trainer.engine;

import io.smallrye.mutiny.Uni;
import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.RetrievalChatModelFile;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.repository.ModelRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trained models loaded for prediction, the most recently used few kept in memory: ml-core's
 * {@link io.thunderline.ml.model.TrainedModel} (classifiers, older character language models) or a
 * {@link RetrievalChatModel} (language-model jobs; the pretrained model itself is loaded once, by LanguageModels).
 */
@ApplicationScoped
public class ModelCache {
    private static final int CAPACITY = 8;

    private final Pool pool;
    private final ModelRepository models;
    private final Map<String, Object> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CAPACITY;
        }
    };

    public ModelCache(Pool pool, ModelRepository models) {
        this.pool = pool;
        this.models = models;
    }

    /** The stored model file of a job; a 404 problem when the job has none. */
    public Uni<ModelRepository.StoredModel> file(String jobId) {
        return models.find(pool, jobId).map(stored -> stored.orElseThrow(() -> new ProblemException(404, "jobId",
                "job " + jobId + " has no trained model (is it completed?)")));
    }

    /** Blocking: call from a worker thread. A TrainedModel or a RetrievalChatModel. */
    public Object get(String jobId) {
        synchronized (loaded) {
            Object model = loaded.get(jobId);
            if (model != null) {
                return model;
            }
        }
        ModelRepository.StoredModel stored = file(jobId).await().atMost(Duration.ofSeconds(30));
        try {
            Object model = RetrievalChatModelFile.isRetrievalChatModel(stored.bytes())
                    ? RetrievalChatModelFile.load(stored.bytes())
                    : ModelFile.load(new ByteArrayInputStream(stored.bytes()));
            synchronized (loaded) {
                loaded.put(jobId, model);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("model of job " + jobId + " cannot be read: " + e.getMessage(), e);
        }
    }
}
