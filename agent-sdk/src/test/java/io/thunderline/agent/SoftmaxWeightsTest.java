package io.thunderline.agent;

import io.thunderline.ml.online.AdapterDelta;
import io.thunderline.ml.online.LabeledSparse;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.UpmFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoftmaxWeightsTest {
    static final String[] TEXTS = {"the meal was lovely", "what an awful day", "i found the hotel great and charming",
            "honestly the show felt boring", "our trip turned out wonderful", "this phone is broken, really annoying"};

    @Test
    void predictsBitForBitLikeOnlineSoftmaxAndFollowsDeltasInPlace() {
        OnlineSoftmax trainer = new OnlineSoftmax(UpmFeatures.SPEC.hashDims(), 5, 0.5);
        List<LabeledSparse> window = new ArrayList<>();
        for (int i = 0; i < TEXTS.length; i++) {
            window.add(new LabeledSparse(UpmFeatures.featurize(TEXTS[i]), i % 2));
        }
        trainer.update(window);
        float[] first = trainer.snapshotWeights();
        // the weights of the classes seen (2 of a capacity of 5): what an adapter carries
        assertThat(trainer.storedClasses()).isEqualTo(2);
        SoftmaxWeights agent = new SoftmaxWeights(trainer.dims(), trainer.storedClasses(), first.clone());
        assertSame(trainer, agent);

        trainer.update(window.subList(0, 3));
        float[] second = trainer.snapshotWeights();
        agent.apply(AdapterDelta.between(first, second));
        assertSame(trainer, agent);
        assertThat(agent.sha256()).isEqualTo(Checksums.sha256(second));

        agent.clear();
        agent.apply(AdapterDelta.between(new float[second.length], second));
        assertSame(trainer, agent);
    }

    private static void assertSame(OnlineSoftmax trainer, SoftmaxWeights agent) {
        for (String text : List.of(TEXTS[0], TEXTS[3], "something else entirely", "")) {
            SparseVector x = UpmFeatures.featurize(text);
            double[] p = trainer.predictProba(x);
            assertThat(p).hasSize(5);
            assertThat(p[2]).isZero();
            assertThat(agent.predictProba(x, 2)).containsExactly(p[0], p[1]);
        }
    }
}
