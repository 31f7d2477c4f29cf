package io.thunderline.ml.embed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers every vector it computed, so a dataset is encoded once however many trials, folds
 * and evaluations read it. Counts what reached the underlying encoder (tests check it).
 */
public final class CachingEncoder implements SentenceEncoder {

    private final SentenceEncoder delegate;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private final AtomicLong encoded = new AtomicLong();

    public CachingEncoder(SentenceEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public EncoderInfo info() {
        return delegate.info();
    }

    @Override
    public float[][] encodeAll(List<String> texts) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (String text : texts) {
            if (!vectors.containsKey(text)) {
                missing.putIfAbsent(text, missing.size());
            }
        }
        if (!missing.isEmpty()) {
            List<String> todo = new ArrayList<>(missing.keySet());
            float[][] fresh = delegate.encodeAll(todo);
            encoded.addAndGet(todo.size());
            for (int i = 0; i < todo.size(); i++) {
                vectors.put(todo.get(i), fresh[i]);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors.get(texts.get(i));
        }
        return out;
    }

    @Override
    public SentenceEncoder unwrapped() {
        return delegate.unwrapped();
    }

    /** Texts that were sent to the underlying encoder so far. */
    public long encodedTexts() {
        return encoded.get();
    }
}
