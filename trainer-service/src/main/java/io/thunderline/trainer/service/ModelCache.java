package io.thunderline.trainer.service;

import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TrainedModel;
import io.thunderline.trainer.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trained models loaded for prediction, the most recently used few kept in memory. */
@ApplicationScoped
public class ModelCache {
    private static final int CAPACITY = 8;

    private final ModelRepository models;
    private final Map<String, TrainedModel> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrainedModel> eldest) {
            return size() > CAPACITY;
        }
    };

    public ModelCache(ModelRepository models) {
        this.models = models;
    }

    /** Blocking: call from a worker thread. */
    public TrainedModel get(String jobId) {
        synchronized (loaded) {
            TrainedModel model = loaded.get(jobId);
            if (model != null) {
                return model;
            }
        }
        ModelRepository.StoredModel stored = models.find(jobId).await().atMost(Duration.ofSeconds(30))
                .orElseThrow(() -> new NotFoundException("job " + jobId + " has no trained model (is it completed?)"));
        try {
            TrainedModel model = ModelFile.load(new ByteArrayInputStream(stored.bytes()));
            synchronized (loaded) {
                loaded.put(jobId, model);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("model of job " + jobId + " cannot be read", e);
        }
    }
}
