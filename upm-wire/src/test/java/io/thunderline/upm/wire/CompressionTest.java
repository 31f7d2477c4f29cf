package io.thunderline.upm.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompressionTest {
    private static byte[] sample() {
        byte[] raw = new byte[300_000];
        Random rnd = new Random(3);
        for (int i = 0; i < raw.length; i += 1 + rnd.nextInt(40)) {
            raw[i] = (byte) rnd.nextInt();
        }
        return raw;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void streamedContentInflatesToWhatWasWritten(Compression c) {
        byte[] raw = sample();
        byte[] packed = c.compress(out -> {
            for (int at = 0; at < raw.length; at += 7_000) {
                out.write(raw, at, Math.min(7_000, raw.length - at));
            }
        });
        assertThat(packed.length).isLessThan(raw.length);
        assertThat(c.decompress(packed)).isEqualTo(raw);
        // the one-shot form (what adapters and older snapshots use) inflates the same
        assertThat(c.decompress(c.compress(raw))).isEqualTo(raw);
    }

    @Test
    void damagedStreamedZstdIsRefusedNamingTheFormat() {
        byte[] packed = Compression.ZSTD.compress(out -> out.write(sample()));
        byte[] damaged = Arrays.copyOf(packed, packed.length / 2);
        assertThatThrownBy(() -> Compression.ZSTD.decompress(damaged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zstd");
    }
}
