package io.thunderline.ml.model;

import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.PromptContextFeaturizer;
import io.thunderline.ml.text.TextFeaturizer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The binary model format:
 * <pre>
 *   "TLMF"  magic (4 bytes)
 *   int     format version (3; versions 1 and 2 are still read)
 *   int     kind (1 = text classifier, 2 = language model)
 *   long    payload length
 *   bytes   payload: provenance, feature spec, [v3 classifier: signed hashing or not; earlier files were all
 *           unsigned], IDF table, labels or vocabulary, [v2 classifier: the sentence
 *           encoder's name, version, SHA-256, dims, max chars, or none; the decision offsets or none],
 *           architecture, weights (float32)
 *   bytes   SHA-256 of everything above (32 bytes)
 * </pre>
 * Loading checks magic, version, length and checksum before reading a single weight, so a
 * truncated or corrupted file is refused with a {@link ModelFileException}.
 */
public final class ModelFile {

    public static final int FORMAT_VERSION = 3;
    private static final byte[] MAGIC = "TLMF".getBytes(StandardCharsets.US_ASCII);
    private static final int KIND_CLASSIFIER = 1;
    private static final int KIND_LANGUAGE_MODEL = 2;
    private static final int HEADER = 4 + 4 + 4 + 8;
    private static final int DIGEST = 32;

    private ModelFile() {
    }

    public static void save(TrainedModel model, OutputStream out) throws IOException {
        BinaryWriter payload = new BinaryWriter();
        payload.writeStringMap(model.provenance());
        int kind;
        if (model instanceof TextClassifier classifier) {
            kind = KIND_CLASSIFIER;
            NetworkCodec.writeFeatureSpec(payload, classifier.featurizer().spec());
            payload.writeFloats(classifier.featurizer().idf());
            payload.writeInt(classifier.labels().size());
            classifier.labels().forEach(payload::writeString);
            writeEncoder(payload, classifier.encoder());
            double[] bias = classifier.decisionBias();
            payload.writeBoolean(bias != null);
            if (bias != null) {
                payload.writeDoublesAsFloats(bias);
            }
            NetworkCodec.writeNetwork(payload, classifier.network());
        } else if (model instanceof LanguageModel lm) {
            kind = KIND_LANGUAGE_MODEL;
            PromptContextFeaturizer f = lm.featurizer();
            payload.writeInt(f.hashDims());
            payload.writeInt(f.contextChars());
            payload.writeLong(f.seed());
            payload.writeString(lm.vocabulary());
            NetworkCodec.writeNetwork(payload, lm.network());
        } else {
            throw new IllegalArgumentException("unsupported model type " + model.getClass());
        }
        byte[] body = payload.toByteArray();
        MessageDigest sha = sha256();
        ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).putInt(FORMAT_VERSION).putInt(kind).putLong(body.length);
        sha.update(header.array());
        sha.update(body);
        DataOutputStream data = new DataOutputStream(out);
        data.write(header.array());
        data.write(body);
        data.write(sha.digest());
        data.flush();
    }

    public static TrainedModel load(InputStream in) throws IOException {
        byte[] file = in.readAllBytes();
        if (file.length < HEADER + DIGEST || !Arrays.equals(Arrays.copyOf(file, 4), MAGIC)) {
            throw new ModelFileException("not a Thunderline model file (bad magic or too short: " + file.length + " bytes)");
        }
        ByteBuffer header = ByteBuffer.wrap(file, 4, HEADER - 4);
        int version = header.getInt();
        int kind = header.getInt();
        long length = header.getLong();
        if (version < 1 || version > FORMAT_VERSION) {
            throw new ModelFileException("unsupported model file version " + version + " (this library reads 1 to " + FORMAT_VERSION + ")");
        }
        if (length != file.length - HEADER - DIGEST) {
            throw new ModelFileException("model file is truncated or padded: header says " + length
                    + " payload bytes, file has " + (file.length - HEADER - DIGEST));
        }
        MessageDigest sha = sha256();
        sha.update(file, 0, file.length - DIGEST);
        byte[] expected = Arrays.copyOfRange(file, file.length - DIGEST, file.length);
        byte[] actual = sha.digest();
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ModelFileException("model file is corrupted: SHA-256 mismatch (stored "
                    + HexFormat.of().formatHex(expected) + ", computed " + HexFormat.of().formatHex(actual) + ")");
        }
        BinaryReader payload = new BinaryReader(Arrays.copyOfRange(file, HEADER, file.length - DIGEST));
        TrainedModel model = switch (kind) {
            case KIND_CLASSIFIER -> readClassifier(payload, version);
            case KIND_LANGUAGE_MODEL -> readLanguageModel(payload, version);
            default -> throw new ModelFileException("unknown model kind " + kind);
        };
        if (!payload.exhausted()) {
            throw new ModelFileException("model file is corrupted: unexpected bytes after the weights");
        }
        return model;
    }

    public static TextClassifier loadClassifier(InputStream in) throws IOException {
        if (load(in) instanceof TextClassifier classifier) {
            return classifier;
        }
        throw new ModelFileException("the model file holds a language model, not a text classifier");
    }

    public static LanguageModel loadLanguageModel(InputStream in) throws IOException {
        if (load(in) instanceof LanguageModel lm) {
            return lm;
        }
        throw new ModelFileException("the model file holds a text classifier, not a language model");
    }

    private static void writeEncoder(BinaryWriter out, SentenceEncoder encoder) {
        out.writeBoolean(encoder != null);
        if (encoder != null) {
            EncoderInfo info = encoder.info();
            out.writeString(info.name());
            out.writeString(info.version());
            out.writeString(info.sha256());
            out.writeInt(info.dimensions());
            out.writeInt(info.maxChars());
        }
    }

    /** The encoder a file names, loaded from the class path and checked against the recorded checksum. */
    private static SentenceEncoder readEncoder(BinaryReader in) throws ModelFileException {
        if (!in.readBoolean()) {
            return null;
        }
        EncoderInfo recorded;
        try {
            recorded = new EncoderInfo(in.readString(), in.readString(), in.readString(), in.readInt(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: invalid encoder record (" + e.getMessage() + ")");
        }
        SentenceEncoder encoder;
        try {
            encoder = MiniLmEncoder.shared(MiniLmEncoder.Variant.byModelName(recorded.name()))
                    .truncatedTo(Math.max(1, Math.min(MiniLmEncoder.MAX_CHARS, recorded.maxChars())));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("the model needs the sentence encoder " + recorded.describe() + ": " + e.getMessage());
        }
        EncoderInfo here = encoder.info();
        if (!here.sha256().equals(recorded.sha256()) || here.dimensions() != recorded.dimensions()
                || here.maxChars() != recorded.maxChars()) {
            throw new ModelFileException("the model was trained with the sentence encoder " + recorded.describe()
                    + " but this installation has " + here.describe() + ": predictions would differ; retrain the model");
        }
        return encoder;
    }

    private static TextClassifier readClassifier(BinaryReader in, int version) throws ModelFileException {
        var provenance = in.readStringMap();
        FeatureSpec spec = NetworkCodec.readFeatureSpec(in, version);
        float[] idf = in.readFloats();
        int labelCount = in.readCount(1 << 20);
        String[] labels = new String[labelCount];
        for (int i = 0; i < labelCount; i++) {
            labels[i] = in.readString();
        }
        SentenceEncoder encoder = version >= 2 ? readEncoder(in) : null;
        double[] bias = null;
        if (version >= 2 && in.readBoolean()) {
            float[] stored = in.readFloats();
            bias = new double[stored.length];
            for (int i = 0; i < stored.length; i++) {
                bias[i] = stored[i];
            }
        }
        Network network = NetworkCodec.readNetwork(in, version);
        try {
            return new TextClassifier(TextFeaturizer.restore(spec, idf), network, List.of(labels), provenance, encoder, bias);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: " + e.getMessage());
        }
    }

    private static LanguageModel readLanguageModel(BinaryReader in, int version) throws ModelFileException {
        var provenance = in.readStringMap();
        PromptContextFeaturizer featurizer;
        try {
            featurizer = new PromptContextFeaturizer(in.readInt(), in.readInt(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: " + e.getMessage());
        }
        String vocabulary = in.readString();
        Network network = NetworkCodec.readNetwork(in, version);
        try {
            return new LanguageModel(featurizer, vocabulary, network, provenance);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
