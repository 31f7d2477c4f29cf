package io.thunderline.agent;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.wire.CodecWarmup;

import java.time.Duration;

/**
 * Applies tiny adapters (a full one, then a delta on it) to scratch models before the agent reads its topic, once per
 * JVM, so its first real adapter does not also pay for class loading, zstd's native library and the interpreter
 * ({@link CodecWarmup}). Nothing it does reaches the agent's models or Kafka.
 */
final class ApplyWarmup {
    private ApplyWarmup() {
    }

    static Duration run(AdapterApplier applier) {
        return CodecWarmup.once(CodecWarmup.ROUNDS, CodecWarmup.BUDGET, samples -> {
            for (CodecWarmup.Sample sample : samples) {
                FamilyModel scratch = new FamilyModel(ModelType.SENTIMENT_ANALYSIS);
                expectApplied(applier.apply(scratch, received(sample.fullEvent())));
                expectApplied(applier.apply(scratch, received(sample.deltaEvent())));
            }
        });
    }

    /** The event as an agent gets it: through the JSON codec (its first use builds the record's deserializer). */
    private static AdapterEvent received(AdapterEvent event) {
        return EventCodec.fromJson(EventCodec.toJson(event), AdapterEvent.class);
    }

    /** The samples are made to apply: a refusal means the codec is broken, which the agent should say at once. */
    private static void expectApplied(AdapterApplier.Outcome outcome) {
        if (!outcome.applied()) {
            throw new IllegalStateException("adapter codec self-check failed: " + outcome.error());
        }
    }
}
