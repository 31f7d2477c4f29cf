package io.thunderline.trainer.service;

import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.RetrievalChatModelFile;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.trainer.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

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

    private final ModelRepository models;
    private final Map<String, Object> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CAPACITY;
        }
    };

    public ModelCache(ModelRepository models) {
        this.models = models;
    }

    /** Blocking: call from a worker thread. A TrainedModel or a RetrievalChatModel. */
    public Object get(String jobId) {
        synchronized (loaded) {
            Object model = loaded.get(jobId);
            if (model != null) {
                return model;
            }
        }
        ModelRepository.StoredModel stored = models.find(jobId).await().atMost(Duration.ofSeconds(30))
                .orElseThrow(() -> new NotFoundException("job " + jobId + " has no trained model (is it completed?)"));
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
