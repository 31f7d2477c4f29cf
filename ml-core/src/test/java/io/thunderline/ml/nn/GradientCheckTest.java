package io.thunderline.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Numeric (central difference) against analytic gradients for every layer type. */
class GradientCheckTest {

    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-5;

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void dense() {
        checkLayer(new Dense(5, 4, new SplittableRandom(1)), randomMatrix(6, 5));
    }

    @Test
    void batchNormInTraining() {
        checkLayer(new BatchNorm(4), randomMatrix(7, 4));
    }

    @ParameterizedTest
    @EnumSource(ActivationFunction.class)
    void activation(ActivationFunction function) {
        checkLayer(new Activation(function), awayFromZero(randomMatrix(5, 3)));
    }

    @Test
    void dropoutWithAFixedMask() {
        Dropout dropout = new Dropout(0.4, new SplittableRandom(3));
        Matrix x = randomMatrix(6, 5);
        dropout.forward(x, true);
        dropout.freezeMask();
        checkLayer(dropout, x);
    }

    @Test
    void concatThenDense() {
        Dense dense = new Dense(5, 3, new SplittableRandom(2));
        Matrix a = randomMatrix(4, 2);
        Matrix b = randomMatrix(4, 3);
        Matrix r = randomMatrix(4, 3);
        DoubleSupplier loss = () -> weightedSum(dense.forward(Concat.forward(List.of(a, b)), true), r);
        loss.getAsDouble();
        List<Matrix> grads = Concat.backward(dense.backward(r), new int[] {2, 3});
        checkAll(a.data(), grads.get(0).data(), loss);
        checkAll(b.data(), grads.get(1).data(), loss);
    }

    @Test
    void softmaxCrossEntropy() {
        Matrix logits = randomMatrix(5, 4);
        int[] labels = {0, 3, 1, 1, 2};
        Matrix grad = SoftmaxCrossEntropy.compute(logits, labels).gradient();
        checkAll(logits.data(), grad.data(), () -> SoftmaxCrossEntropy.compute(logits, labels).loss());
    }

    @Test
    void sparseEmbedding() {
        SparseEmbedding embedding = new SparseEmbedding(50, 3, 5);
        List<SparseVector> batch = List.of(
                new SparseVector(new int[] {1, 7, 20}, new float[] {0.5f, -1f, 0.25f}),
                new SparseVector(new int[] {7, 49}, new float[] {2f, 0.3f}));
        Matrix r = randomMatrix(2, 3);
        DoubleSupplier loss = () -> weightedSum(embedding.forward(batch, true), r);
        loss.getAsDouble();
        embedding.backward(r);
        for (int feature : new int[] {1, 7, 20, 49}) {
            double[] analytic = embedding.gradientOfRow(feature);
            for (int c = 0; c < 3; c++) {
                assertCloseFloat(analytic[c], numeric(embedding.weights(), feature * 3 + c, loss));
            }
        }
        assertThat(embedding.gradientOfRow(2)).isNull();
        assertThat(embedding.isInitialized(2)).isFalse();
    }

    @Test
    void wholeNetworkWithLateralsAndSkips() {
        Architecture architecture = new Architecture(40, 4, List.of(
                List.of(new UnitSpec(3, List.of(UnitRef.INPUT)), new UnitSpec(2, List.of(UnitRef.INPUT, new UnitRef(1, 0)))),
                List.of(new UnitSpec(3, List.of(new UnitRef(1, 1), UnitRef.INPUT))),
                List.of(new UnitSpec(3, List.of(new UnitRef(2, 0), new UnitRef(1, 0))))),
                ActivationFunction.TANH, 0, 3);
        Network network = new Network(architecture, 9);
        List<SparseVector> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            batch.add(new SparseVector(new int[] {i, 10 + i, 30 + (i % 3)}, new float[] {0.6f, -0.5f, 0.9f}));
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        DoubleSupplier loss = () -> SoftmaxCrossEntropy.compute(network.forward(batch, true), labels).loss();
        network.backward(SoftmaxCrossEntropy.compute(network.forward(batch, true), labels).gradient());
        for (Parameter p : network.parameters()) {
            double[] analytic = p.grad().clone();
            for (int i = 0; i < p.size(); i += Math.max(1, p.size() / 5)) {
                assertClose(analytic[i], numeric(p.value(), i, loss));
            }
        }
        for (int feature : new int[] {0, 13, 32}) {
            double[] analytic = network.input().gradientOfRow(feature);
            for (int c = 0; c < 4; c++) {
                assertCloseFloat(analytic[c], numeric(network.input().weights(), feature * 4 + c, loss));
            }
        }
    }

    @Test
    void sentenceVectorInputDirectPathAndClassWeights() {
        // emb feeds a hidden unit and the output; in feeds the hidden unit; the n-grams also reach the logits directly
        Architecture architecture = new Architecture(40, 3, 5, true, List.of(
                List.of(new UnitSpec(3, List.of(UnitRef.INPUT, Architecture.DENSE_INPUT))),
                List.of(new UnitSpec(3, List.of(new UnitRef(1, 0), Architecture.DENSE_INPUT)))),
                ActivationFunction.TANH, 0, 3);
        Network network = new Network(architecture, 11);
        List<SparseVector> rows = new ArrayList<>();
        float[][] dense = new float[6][5];
        for (int i = 0; i < 6; i++) {
            rows.add(new SparseVector(new int[] {i, 10 + i, 30 + (i % 3)}, new float[] {0.6f, -0.5f, 0.9f}));
            for (int c = 0; c < 5; c++) {
                dense[i][c] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        SparseBatch batch = SparseBatch.of(rows, dense);
        int[] labels = {0, 1, 2, 0, 1, 1};
        double[] weights = {1.5, 0.75, 1.5};
        DoubleSupplier loss = () -> SoftmaxCrossEntropy.compute(network.forward(batch, true), labels, weights).loss();
        network.backward(SoftmaxCrossEntropy.compute(network.forward(batch, true), labels, weights).gradient());
        for (Parameter p : network.parameters()) {
            double[] analytic = p.grad().clone();
            for (int i = 0; i < p.size(); i += Math.max(1, p.size() / 5)) {
                assertClose(analytic[i], numeric(p.value(), i, loss));
            }
        }
        for (int feature : new int[] {0, 13, 32}) {
            double[] projection = network.input().gradientOfRow(feature);
            double[] direct = network.linear().gradientOfRow(feature);
            for (int c = 0; c < 3; c++) {
                assertCloseFloat(projection[c], numeric(network.input().weights(), feature * 3 + c, loss));
                assertCloseFloat(direct[c], numeric(network.linear().weights(), feature * 3 + c, loss));
            }
        }
        assertThat(architecture.readsDense()).isTrue();
        assertThat(architecture.describe()).contains("emb(5)").contains("+linear");
    }

    private void checkLayer(Layer layer, Matrix x) {
        Matrix r = randomMatrix(x.rows(), layer.forward(x, true).cols());
        DoubleSupplier loss = () -> weightedSum(layer.forward(x, true), r);
        loss.getAsDouble();
        Matrix dx = layer.backward(r);
        List<double[]> paramGrads = layer.parameters().stream().map(p -> p.grad().clone()).toList();
        checkAll(x.data(), dx.data(), loss);
        for (int i = 0; i < paramGrads.size(); i++) {
            checkAll(layer.parameters().get(i).value(), paramGrads.get(i), loss);
        }
    }

    private static void checkAll(double[] values, double[] analytic, DoubleSupplier loss) {
        assertThat(analytic).hasSameSizeAs(values);
        for (int i = 0; i < values.length; i++) {
            assertClose(analytic[i], numeric(values, i, loss));
        }
    }

    private static double numeric(double[] values, int i, DoubleSupplier loss) {
        double saved = values[i];
        values[i] = saved + H;
        double plus = loss.getAsDouble();
        values[i] = saved - H;
        double minus = loss.getAsDouble();
        values[i] = saved;
        return (plus - minus) / (2 * H);
    }

    /** Float32 weights: perturb by 1e-3 and divide by the step the float could actually take. */
    private static double numeric(float[] values, int i, DoubleSupplier loss) {
        float saved = values[i];
        float up = (float) (saved + 1e-3);
        float down = (float) (saved - 1e-3);
        values[i] = up;
        double plus = loss.getAsDouble();
        values[i] = down;
        double minus = loss.getAsDouble();
        values[i] = saved;
        return (plus - minus) / ((double) up - down);
    }

    private static void assertCloseFloat(double analytic, double numeric) {
        double scale = Math.max(1e-4, Math.abs(analytic) + Math.abs(numeric));
        assertThat(Math.abs(analytic - numeric) / scale)
                .as("analytic %s vs numeric %s", analytic, numeric)
                .isLessThan(2e-3);
    }

    private static void assertClose(double analytic, double numeric) {
        double scale = Math.max(1e-6, Math.abs(analytic) + Math.abs(numeric));
        assertThat(Math.abs(analytic - numeric) / scale)
                .as("analytic %s vs numeric %s", analytic, numeric)
                .isLessThan(TOLERANCE);
    }

    private static double weightedSum(Matrix y, Matrix r) {
        double sum = 0;
        for (int i = 0; i < y.data().length; i++) {
            sum += y.data()[i] * r.data()[i];
        }
        return sum;
    }

    private Matrix randomMatrix(int rows, int cols) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble() * 2 - 1;
        }
        return new Matrix(rows, cols, data);
    }

    /** Keeps inputs away from the kinks of relu/elu where derivatives are not defined. */
    private static Matrix awayFromZero(Matrix m) {
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            if (Math.abs(d[i]) < 0.1) {
                d[i] = d[i] < 0 ? -0.1 - d[i] : 0.1 + d[i];
            }
        }
        return m;
    }
}
