package io.thunderline.ml.nn;

import java.util.ArrayList;
import java.util.List;

/** A copy of a network's weights and statistics, e.g. of its best epoch, to restore later. */
public final class NetworkSnapshot {

    private final List<double[]> dense;
    private final List<float[]> sparse;

    private NetworkSnapshot(List<double[]> dense, List<float[]> sparse) {
        this.dense = dense;
        this.sparse = sparse;
    }

    static NetworkSnapshot of(Network network) {
        List<double[]> copies = new ArrayList<>();
        for (double[] values : network.denseState()) {
            copies.add(values.clone());
        }
        List<float[]> sparse = new ArrayList<>();
        for (SparseEmbedding layer : network.sparseLayers()) {
            sparse.add(layer.weights().clone());
        }
        return new NetworkSnapshot(copies, sparse);
    }

    public void restoreInto(Network network) {
        List<double[]> target = network.denseState();
        if (target.size() != dense.size()) {
            throw new IllegalArgumentException("snapshot belongs to another architecture");
        }
        for (int i = 0; i < dense.size(); i++) {
            System.arraycopy(dense.get(i), 0, target.get(i), 0, dense.get(i).length);
        }
        List<SparseEmbedding> layers = network.sparseLayers();
        for (int i = 0; i < sparse.size(); i++) {
            System.arraycopy(sparse.get(i), 0, layers.get(i).weights(), 0, sparse.get(i).length);
        }
    }
}
