package io.thunderline.llm;

import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.model.PromptResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model file of a retrieval chat job: magic {@code TLRC}, format version, then base model (name, file, SHA-256),
 * sentence encoder (name, version, SHA-256, dimensions, max chars), chosen settings (with whether a second draft is
 * written without the examples: format 3; whether a prompt without examples is told the answers' length: format 4;
 * older files load without), whether examples demonstrate only their own
 * task (format 2; format 1 files load as "every example"), the examples with their prompt vectors,
 * provenance; then the SHA-256 of everything before it. Loading refuses another format, a newer version or a wrong
 * checksum, and says which.
 */
public final class RetrievalChatModelFile {

    public static final int FORMAT_VERSION = 4;
    private static final byte[] MAGIC = {'T', 'L', 'R', 'C'};

    private RetrievalChatModelFile() {
    }

    public static byte[] save(RetrievalChatModel model) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            PretrainedModel base = model.base();
            string(out, base.name());
            string(out, base.fileName());
            string(out, base.sha256());
            string(out, base.source());
            EncoderInfo e = model.encoder();
            string(out, e.name());
            string(out, e.version());
            string(out, e.sha256());
            out.writeInt(e.dimensions());
            out.writeInt(e.maxChars());
            RetrievalChatModel.Settings s = model.settings();
            out.writeInt(s.shots());
            out.writeDouble(s.temperature());
            out.writeInt(s.maxTokens());
            out.writeDouble(s.repeatPenalty());
            out.writeDouble(s.selectorThreshold());
            out.writeInt(s.seed());
            out.writeBoolean(s.drafts());
            out.writeBoolean(s.lengthHint());
            ExampleIndex index = model.index();
            out.writeBoolean(index.byTask());
            out.writeInt(index.size());
            for (int i = 0; i < index.size(); i++) {
                string(out, index.examples().get(i).prompt());
                string(out, index.examples().get(i).response());
                float[] v = index.vector(i);
                out.writeInt(v.length);
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
            out.writeInt(model.provenance().size());
            for (Map.Entry<String, String> p : new java.util.TreeMap<>(model.provenance()).entrySet()) {
                string(out, p.getKey());
                string(out, p.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = body.toByteArray();
        byte[] sum = java.util.HexFormat.of().parseHex(PretrainedModelStore.sha256(bytes));
        byte[] file = Arrays.copyOf(bytes, bytes.length + sum.length);
        System.arraycopy(sum, 0, file, bytes.length, sum.length);
        return file;
    }

    /** True when the bytes start like this format (used to tell it from ml-core's model files). */
    public static boolean isRetrievalChatModel(byte[] bytes) {
        return bytes.length >= 4 && Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC);
    }

    public static RetrievalChatModel load(byte[] file) throws IOException {
        if (!isRetrievalChatModel(file)) {
            throw new IOException("not a retrieval chat model file (magic TLRC expected)");
        }
        if (file.length < 4 + 4 + 32) {
            throw new IOException("retrieval chat model file is truncated (" + file.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(file, file.length - 32);
        String expected = java.util.HexFormat.of().formatHex(Arrays.copyOfRange(file, file.length - 32, file.length));
        String actual = PretrainedModelStore.sha256(body);
        if (!expected.equals(actual)) {
            throw new IOException("retrieval chat model file is damaged: checksum " + actual + ", recorded " + expected);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            in.skipNBytes(4);
            int version = in.readInt();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IOException("retrieval chat model file format " + version + " is not supported (this build reads "
                        + FORMAT_VERSION + ")");
            }
            PretrainedModel base = new PretrainedModel(string(in), string(in), string(in), string(in));
            EncoderInfo encoder = new EncoderInfo(string(in), string(in), string(in), in.readInt(), in.readInt());
            RetrievalChatModel.Settings settings = new RetrievalChatModel.Settings(in.readInt(), in.readDouble(),
                    in.readInt(), in.readDouble(), in.readDouble(), in.readInt());
            // formats 1 and 2 had one draft
            settings = settings.withDrafts(version >= 3 && in.readBoolean());
            // formats 1 to 3 prompted without examples with the plain system prompt
            settings = settings.withLengthHint(version >= 4 && in.readBoolean());
            // format 1 had no task grouping: its examples demonstrate every request
            boolean byTask = version >= 2 && in.readBoolean();
            int n = in.readInt();
            List<PromptResponse> examples = new ArrayList<>(n);
            float[][] vectors = new float[n][];
            for (int i = 0; i < n; i++) {
                examples.add(new PromptResponse(string(in), string(in)));
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                vectors[i] = v;
            }
            int p = in.readInt();
            Map<String, String> provenance = new LinkedHashMap<>();
            for (int i = 0; i < p; i++) {
                provenance.put(string(in), string(in));
            }
            return new RetrievalChatModel(base, encoder, new ExampleIndex(examples, vectors, byTask), settings, provenance);
        } catch (IllegalArgumentException e) {
            throw new IOException("retrieval chat model file is invalid: " + e.getMessage(), e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64 << 20) {
            throw new IOException("retrieval chat model file is invalid: a string of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
