package io.thunderline.ml.model;

import io.thunderline.ml.nn.ActivationFunction;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.SparseEmbedding;
import io.thunderline.ml.nn.UnitRef;
import io.thunderline.ml.nn.UnitSpec;
import io.thunderline.ml.text.FeatureSpec;
import java.util.ArrayList;
import java.util.List;

/** Writes and reads an architecture with its weights, and a feature spec. */
final class NetworkCodec {

    private static final int MAX_ITEMS = 1 << 28;

    private NetworkCodec() {
    }

    /** The whole spec; its hashing sign last (format 3 on). */
    static void writeFeatureSpec(BinaryWriter out, FeatureSpec spec) {
        out.writeInt(spec.hashDims());
        out.writeInt(spec.wordNgramMax());
        out.writeInt(spec.charNgramMin());
        out.writeInt(spec.charNgramMax());
        out.writeBoolean(spec.lowercase());
        out.writeLong(spec.seed());
        out.writeInt(spec.maxChars());
        out.writeBoolean(spec.signedHashing());
    }

    /** A spec as {@code version} wrote it: files before format 3 hold no sign and were all hashed unsigned. */
    static FeatureSpec readFeatureSpec(BinaryReader in, int version) throws ModelFileException {
        try {
            return new FeatureSpec(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readBoolean(),
                    in.readLong(), in.readInt(), version >= 3 && in.readBoolean());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: invalid feature spec (" + e.getMessage() + ")");
        }
    }

    static void writeNetwork(BinaryWriter out, Network network) {
        Architecture a = network.architecture();
        out.writeInt(a.inputDims());
        out.writeInt(a.inputWidth());
        out.writeInt(a.denseDims());
        out.writeBoolean(a.sparseLinear());
        out.writeString(a.activation().id());
        out.writeDouble(a.dropout());
        out.writeInt(a.classes());
        out.writeInt(a.levels().size());
        for (List<UnitSpec> level : a.levels()) {
            out.writeInt(level.size());
            for (UnitSpec unit : level) {
                out.writeInt(unit.neurons());
                out.writeInt(unit.inputs().size());
                for (UnitRef ref : unit.inputs()) {
                    out.writeInt(ref.level());
                    out.writeInt(ref.unit());
                }
            }
        }
        List<double[]> state = network.denseState();
        out.writeInt(state.size());
        for (double[] values : state) {
            out.writeDoublesAsFloats(values);
        }
        writeSparse(out, network.input());
        if (network.linear() != null) {
            writeSparse(out, network.linear());
        }
    }

    private static void writeSparse(BinaryWriter out, SparseEmbedding embedding) {
        int width = embedding.width();
        List<Integer> rows = new ArrayList<>();
        for (int f = 0; f < embedding.dims(); f++) {
            if (embedding.isInitialized(f)) {
                rows.add(f);
            }
        }
        // Only trained rows are stored: the others are zero by construction.
        out.writeInt(rows.size());
        float[] row = new float[width];
        for (int f : rows) {
            out.writeInt(f);
            System.arraycopy(embedding.weights(), f * width, row, 0, width);
            out.writeFloats(row);
        }
    }

    /** {@code formatVersion} 1 files have neither a sentence-vector input nor a direct path. */
    static Network readNetwork(BinaryReader in, int formatVersion) throws ModelFileException {
        Architecture architecture;
        try {
            int inputDims = in.readCount(MAX_ITEMS);
            int inputWidth = in.readCount(1 << 16);
            int denseDims = formatVersion >= 2 ? in.readCount(1 << 16) : 0;
            boolean sparseLinear = formatVersion >= 2 && in.readBoolean();
            ActivationFunction activation = ActivationFunction.parse(in.readString());
            double dropout = in.readDouble();
            int classes = in.readCount(1 << 20);
            int levelCount = in.readCount(1 << 16);
            List<List<UnitSpec>> levels = new ArrayList<>();
            for (int k = 0; k < levelCount; k++) {
                int units = in.readCount(1 << 16);
                List<UnitSpec> level = new ArrayList<>();
                for (int u = 0; u < units; u++) {
                    int neurons = in.readCount(1 << 20);
                    int inputs = in.readCount(1 << 16);
                    List<UnitRef> refs = new ArrayList<>();
                    for (int i = 0; i < inputs; i++) {
                        refs.add(new UnitRef(in.readInt(), in.readInt()));
                    }
                    level.add(new UnitSpec(neurons, refs));
                }
                levels.add(level);
            }
            architecture = new Architecture(inputDims, inputWidth, denseDims, sparseLinear, levels, activation, dropout, classes);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file is corrupted: invalid architecture (" + e.getMessage() + ")");
        }
        Network network = new Network(architecture, 0);
        List<double[]> state = network.denseState();
        int arrays = in.readCount(MAX_ITEMS);
        if (arrays != state.size()) {
            throw new ModelFileException("model file is corrupted: " + arrays + " weight arrays for an architecture with " + state.size());
        }
        for (double[] target : state) {
            in.readFloatsInto(target);
        }
        readSparse(in, network.input());
        if (network.linear() != null) {
            readSparse(in, network.linear());
        }
        return network;
    }

    private static void readSparse(BinaryReader in, SparseEmbedding embedding) throws ModelFileException {
        int width = embedding.width();
        int rows = in.readCount(embedding.dims());
        for (int r = 0; r < rows; r++) {
            int f = in.readInt();
            if (f < 0 || f >= embedding.dims()) {
                throw new ModelFileException("model file is corrupted: embedding row " + f + " out of range");
            }
            float[] row = in.readFloats();
            if (row.length != width) {
                throw new ModelFileException("model file is corrupted: embedding row of width " + row.length);
            }
            System.arraycopy(row, 0, embedding.weights(), f * width, width);
            embedding.markInitialized(f);
        }
    }
}
