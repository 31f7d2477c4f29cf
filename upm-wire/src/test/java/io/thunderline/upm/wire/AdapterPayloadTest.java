package io.thunderline.upm.wire;

import io.thunderline.ml.online.AdapterDelta;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdapterPayloadTest {
    static final int DIMS = 1 << 10;
    static final int CLASSES = 4;

    static float[] weights(long seed, double density) {
        Random r = new Random(seed);
        float[] w = new float[AdapterPayload.weightCount(DIMS, CLASSES)];
        for (int i = 0; i < w.length; i++) {
            if (r.nextDouble() < density) {
                w[i] = (float) r.nextGaussian();
            }
        }
        return w;
    }

    @Test
    void aSparseModelTravelsSparseAndADenseOneDense() {
        float[] sparse = weights(1, 0.05);
        float[] dense = weights(2, 0.9);
        AdapterPayload a = AdapterPayload.full(DIMS, CLASSES, 3, Checksums.sha256(sparse), List.of("x", "y"), sparse);
        AdapterPayload b = AdapterPayload.full(DIMS, CLASSES, 3, Checksums.sha256(dense), List.of("x", "y"), dense);
        assertThat(a.kind()).isEqualTo(AdapterPayload.Kind.FULL_SPARSE);
        assertThat(b.kind()).isEqualTo(AdapterPayload.Kind.FULL_DENSE);
        assertThat(a.dataBytes()).isLessThan(b.dataBytes());
    }

    @Test
    void everyKindRoundTripsThroughBothCompressions() {
        float[] base = weights(3, 0.3);
        float[] target = base.clone();
        target[5] = 1.5f;
        target[target.length - 1] = -2f;
        AdapterDelta delta = AdapterDelta.between(base, target);
        List<AdapterPayload> payloads = List.of(
                AdapterPayload.full(DIMS, CLASSES, 1, Checksums.sha256(base), List.of("a", "b", "c"), base),
                AdapterPayload.full(DIMS, CLASSES, 1, Checksums.sha256(weights(4, 0.01)), List.of("a"), weights(4, 0.01)),
                AdapterPayload.delta(DIMS, CLASSES, 2, 1, Checksums.sha256(target), WeightsDigest.of(target),
                        List.of("a", "b", "c", "é ü"), delta));
        for (Compression c : Compression.values()) {
            for (AdapterPayload p : payloads) {
                byte[] wire = p.encode(c);
                AdapterPayload back = AdapterPayload.decode(AdapterPayload.encoding(c), wire);
                assertThat(back.kind()).isEqualTo(p.kind());
                assertThat(back.version()).isEqualTo(p.version());
                assertThat(back.baseVersion()).isEqualTo(p.baseVersion());
                assertThat(back.labels()).isEqualTo(p.labels());
                assertThat(back.weightsSha256()).isEqualTo(p.weightsSha256());
                assertThat(back.toBytes()).isEqualTo(p.toBytes());
            }
        }
    }

    @Test
    void unknownEncodingsAndDamagedBytesAreRefusedWithAReason() {
        assertThatThrownBy(() -> AdapterPayload.decode("upm-adapter-v9+zstd", new byte[10]))
                .hasMessageContaining("unknown adapter encoding").hasMessageContaining("upm-adapter-v1+zstd");
        assertThatThrownBy(() -> AdapterPayload.decode("upm-adapter-v1+brotli", new byte[10]))
                .hasMessageContaining("unknown compression 'brotli'");
        assertThatThrownBy(() -> AdapterPayload.decode("upm-adapter-v1+gzip", "junk".getBytes()))
                .hasMessageContaining("gzip");
        assertThatThrownBy(() -> AdapterPayload.fromBytes("junk-junk".getBytes())).hasMessageContaining("not a upm-adapter-v1");
    }

    @Test
    void firstFormatPayloadsWithoutADigestAreStillRead() {
        float[] w = weights(6, 0.1);
        AdapterPayload v2 = AdapterPayload.full(DIMS, CLASSES, 4, Checksums.sha256(w), List.of("a", "b"), w);
        assertThat(v2.weightsDigest()).isEqualTo(WeightsDigest.of(w));
        byte[] bytes = v2.toBytes();
        // UPA1: the same without the 8 digest bytes after the 32-byte SHA-256 (header: 4+1+4+4+8+8+32 = 61 bytes)
        byte[] v1 = new byte[bytes.length - 8];
        System.arraycopy(bytes, 0, v1, 0, 61);
        System.arraycopy(bytes, 69, v1, 61, bytes.length - 69);
        v1[3] = 0x31;
        AdapterPayload old = AdapterPayload.fromBytes(v1);
        assertThat(old.weightsDigest()).isNull();
        assertThat(old.weightsSha256()).isEqualTo(v2.weightsSha256());
        assertThat(old.delta().values()).containsExactly(v2.delta().values());
    }

    @Test
    void aDeltaMustNameItsBaseAndAFullOneMustNot() {
        float[] w = weights(5, 0.1);
        AdapterDelta d = AdapterDelta.between(new float[w.length], w);
        assertThatThrownBy(() -> new AdapterPayload(AdapterPayload.Kind.DELTA, DIMS, CLASSES, 2, -1, Checksums.sha256(w), 0L,
                List.of(), null, d)).hasMessageContaining("base version");
        assertThatThrownBy(() -> new AdapterPayload(AdapterPayload.Kind.FULL_SPARSE, DIMS, CLASSES, 2, 1, Checksums.sha256(w), 0L,
                List.of(), null, d)).hasMessageContaining("base version");
    }
}
