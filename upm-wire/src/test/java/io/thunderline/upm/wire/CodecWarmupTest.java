package io.thunderline.upm.wire;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CodecWarmupTest {

    @Test
    void samplesAreRealAdaptersThatDecodeToWhatWasEncoded() {
        List<CodecWarmup.Sample> samples = CodecWarmup.samples(3);
        assertThat(samples).extracting(CodecWarmup.Sample::compression).containsExactly(Compression.values());
        for (CodecWarmup.Sample s : samples) {
            AdapterPayload full = AdapterPayload.decode(AdapterPayload.encoding(s.compression()), s.fullWire());
            AdapterPayload delta = AdapterPayload.decode(AdapterPayload.encoding(s.compression()), s.deltaWire());
            assertThat(full.kind().full()).isTrue();
            assertThat(full.version()).isEqualTo(3);
            assertThat(full.weightsSha256()).isEqualTo(s.full().weightsSha256());
            assertThat(delta.kind().full()).isFalse();
            assertThat(delta.baseVersion()).isEqualTo(3);
            assertThat(delta.version()).isEqualTo(4);
            assertThat(delta.weightsSha256()).isEqualTo(s.delta().weightsSha256()).isNotEqualTo(full.weightsSha256());
        }
    }

    @Test
    void runsItsPassesOncePerJvmWithinTheBudget() {
        AtomicInteger passes = new AtomicInteger();
        Duration first = CodecWarmup.once(5, Duration.ofSeconds(30), samples -> passes.incrementAndGet());
        int afterFirst = passes.get();
        Duration second = CodecWarmup.once(5, Duration.ofSeconds(30), samples -> passes.incrementAndGet());

        // another test of this JVM may have warmed up first; either way no second warm-up runs
        assertThat(afterFirst).isIn(0, 5);
        assertThat(first.isZero()).isEqualTo(afterFirst == 0);
        assertThat(second).isZero();
        assertThat(passes.get()).isEqualTo(afterFirst);
    }
}
