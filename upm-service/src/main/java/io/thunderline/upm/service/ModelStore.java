package io.thunderline.upm.service;

import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.wire.Compression;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How a snapshot's model is stored (and downloaded): ml-core's {@code OnlineSoftmax.toBytes()} (weights, AdaGrad
 * history and example count, so training resumes exactly where it stopped), compressed. The encoding names both:
 * {@code osm1+zstd} or {@code osm1+gzip}.
 */
@ApplicationScoped
public class ModelStore {
    static final String FORMAT = "osm1";

    private final Compression compression;

    public ModelStore(UpmConfig config) {
        this.compression = Compression.fromWire(config.snapshots().compression());
    }

    public record Stored(String encoding, byte[] bytes) {
    }

    public Stored encode(OnlineSoftmax model) {
        return new Stored(FORMAT + "+" + compression.wireName(), compression.compress(model::writeTo));
    }

    public static OnlineSoftmax decode(String encoding, byte[] bytes) {
        if (encoding == null || !encoding.startsWith(FORMAT + "+")) {
            throw new IllegalArgumentException("unknown snapshot encoding '" + encoding + "'");
        }
        return OnlineSoftmax.fromBytes(Compression.fromWire(encoding.substring(FORMAT.length() + 1)).decompress(bytes));
    }

    public static String fileExtension(String encoding) {
        return encoding.endsWith("gzip") ? ".osm.gz" : ".osm.zst";
    }
}
