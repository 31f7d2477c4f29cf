package io.thunderline.upm.service;

import io.quarkus.runtime.StartupEvent;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.CodecWarmup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * At start, before the first window arrives: stores and reads back a tiny model and encodes and decodes tiny adapters
 * ({@link CodecWarmup}), so the first snapshot after a start is not the slow one. Costs at most {@link #BUDGET}.
 */
@ApplicationScoped
public class CodecWarmupOnStart {
    private static final Logger LOG = Logger.getLogger(CodecWarmupOnStart.class);
    static final int ROUNDS = 300;
    static final Duration BUDGET = Duration.ofMillis(400);

    private final ModelStore store;

    public CodecWarmupOnStart(ModelStore store) {
        this.store = store;
    }

    void warm(@Observes StartupEvent event) {
        try {
            Duration took = CodecWarmup.once(ROUNDS, BUDGET, samples -> {
                OnlineSoftmax tiny = new OnlineSoftmax(samples.get(0).full().dims(), 2, 0.1);
                ModelStore.Stored stored = store.encode(tiny);
                ModelStore.decode(stored.encoding(), stored.bytes());
                for (CodecWarmup.Sample sample : samples) {
                    AdapterPayload.decode(AdapterPayload.encoding(sample.compression()), sample.fullWire());
                    AdapterPayload.decode(AdapterPayload.encoding(sample.compression()), sample.deltaWire());
                }
            });
            LOG.debugf("snapshot and adapter codecs warmed up in %d ms", took.toMillis());
        } catch (RuntimeException e) {
            // the first real snapshot says what is wrong, with its family and version
            LOG.warnf("snapshot and adapter codec warm-up failed: %s", e.toString());
        }
    }
}
