package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.eval.Metrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecisionBiasTest {

    /** 300 negatives and 30 positives; the model ranks well but gives positives only p ≈ 0.2-0.45. */
    private static double[][] shyModel(int[] labels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            double positive = labels[i] == 1 ? 0.2 + 0.25 * random.nextDouble() : 0.02 + 0.2 * random.nextDouble();
            p[i] = new double[] {1 - positive, positive};
        }
        return p;
    }

    private static int[] labels() {
        int[] y = new int[330];
        for (int i = 300; i < 330; i++) {
            y[i] = 1;
        }
        return y;
    }

    @Test
    void aShyMinorityClassGetsAnOffsetThatRaisesMacroF1() {
        int[] y = labels();
        double[][] p = shyModel(y, 1);
        double[] bias = DecisionBias.tune(p, y, 2);
        assertThat(bias).isNotNull();
        assertThat(bias[0]).isZero();
        assertThat(bias[1]).isPositive();
        assertThat(macroF1(p, y, bias)).isGreaterThan(macroF1(p, y, null) + 0.3);
        // the offset carries over to fresh predictions of the same model
        double[][] fresh = shyModel(y, 2);
        assertThat(macroF1(fresh, y, bias)).isGreaterThan(macroF1(fresh, y, null) + 0.3);
        // probabilities stay a distribution
        double[] adjusted = DecisionBias.apply(p[0], bias);
        assertThat(adjusted[0] + adjusted[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aModelThatAlreadyDecidesWellOrTooFewExamplesGetNoOffset() {
        int[] y = labels();
        double[][] confident = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            confident[i] = y[i] == 1 ? new double[] {0.1, 0.9} : new double[] {0.9, 0.1};
        }
        assertThat(DecisionBias.tune(confident, y, 2)).isNull();
        assertThat(DecisionBias.tune(new double[10][], new int[10], 2)).isNull();
    }

    private static double macroF1(double[][] p, int[] y, double[] bias) {
        int[] predicted = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            predicted[i] = Metrics.argmax(DecisionBias.apply(p[i], bias));
        }
        return Metrics.macroF1(y, predicted, 2);
    }
}
