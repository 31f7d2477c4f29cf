package io.thunderline.agent;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.CodecWarmup;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Applies tiny adapters (a full one, then a delta on it) to scratch models before the agent reads its topic, once per
 * JVM, so its first real adapter does not also pay for class loading, zstd's native library and the interpreter
 * ({@link CodecWarmup}). Nothing it does reaches the agent's models or Kafka.
 */
final class ApplyWarmup {
    static final int ROUNDS = 300;
    static final Duration BUDGET = Duration.ofMillis(400);

    private ApplyWarmup() {
    }

    static Duration run(AdapterApplier applier) {
        return CodecWarmup.once(ROUNDS, BUDGET, samples -> {
            for (CodecWarmup.Sample sample : samples) {
                FamilyModel scratch = new FamilyModel(ModelType.SENTIMENT_ANALYSIS);
                String encoding = AdapterPayload.encoding(sample.compression());
                expectApplied(applier.apply(scratch, event(sample.full(), encoding, sample.fullWire())));
                expectApplied(applier.apply(scratch, event(sample.delta(), encoding, sample.deltaWire())));
            }
        });
    }

    /** The event as an agent gets it: through the JSON codec (its first use builds the record's deserializer). */
    private static AdapterEvent event(AdapterPayload payload, String encoding, byte[] wire) {
        AdapterEvent event = new AdapterEvent(Contracts.SCHEMA_VERSION, ModelType.SENTIMENT_ANALYSIS, payload.version(),
                payload.kind().full() ? null : payload.baseVersion(), Checksums.sha256(wire), encoding,
                Base64.getEncoder().encodeToString(wire), null, Instant.EPOCH);
        return EventCodec.fromJson(EventCodec.toJson(event), AdapterEvent.class);
    }

    /** The samples are made to apply: a refusal means the codec is broken, which the agent should say at once. */
    private static void expectApplied(AdapterApplier.Outcome outcome) {
        if (!outcome.applied()) {
            throw new IllegalStateException("adapter codec self-check failed: " + outcome.error());
        }
    }
}
