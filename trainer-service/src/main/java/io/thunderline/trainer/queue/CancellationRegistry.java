package io.thunderline.trainer.queue;

import io.thunderline.ml.nas.CancellationToken;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The cancellation token of every job running in this instance. */
@ApplicationScoped
public class CancellationRegistry {
    private final Map<String, CancellationToken> tokens = new ConcurrentHashMap<>();

    public CancellationToken open(String jobId) {
        CancellationToken token = new CancellationToken();
        tokens.put(jobId, token);
        return token;
    }

    public void close(String jobId) {
        tokens.remove(jobId);
    }

    /** True if the job runs here (and is now told to stop between two batches). */
    public boolean cancel(String jobId) {
        CancellationToken token = tokens.get(jobId);
        if (token == null) {
            return false;
        }
        token.cancel();
        return true;
    }
}
