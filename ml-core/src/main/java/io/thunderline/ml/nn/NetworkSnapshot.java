package io.thunderline.ml.nn;

import java.util.ArrayList;
import java.util.List;

/** A copy of a network's weights and statistics, e.g. of its best epoch, to restore later. */
public final class NetworkSnapshot {

    private final List<double[]> dense;
    private final float[] embedding;

    private NetworkSnapshot(List<double[]> dense, float[] embedding) {
        this.dense = dense;
        this.embedding = embedding;
    }

    static NetworkSnapshot of(Network network) {
        List<double[]> copies = new ArrayList<>();
        for (double[] values : network.denseState()) {
            copies.add(values.clone());
        }
        return new NetworkSnapshot(copies, network.input().weights().clone());
    }

    public void restoreInto(Network network) {
        List<double[]> target = network.denseState();
        if (target.size() != dense.size()) {
            throw new IllegalArgumentException("snapshot belongs to another architecture");
        }
        for (int i = 0; i < dense.size(); i++) {
            System.arraycopy(dense.get(i), 0, target.get(i), 0, dense.get(i).length);
        }
        System.arraycopy(embedding, 0, network.input().weights(), 0, embedding.length);
    }
}
