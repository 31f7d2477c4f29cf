package io.thunderline.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.nas.ArchitectureSearch;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A linear winner solved by the convex solver is an ordinary network: its model file round-trips exactly. */
class LinearModelFileTest {

    @Test
    void aLinearWinnerRoundTripsThroughItsModelFileWithIdenticalPredictions() throws IOException {
        LabeledData data = SyntheticText.separable(40, 3, 6);
        StratifiedSplit.Parts parts = StratifiedSplit.split(data, 0.25, 3);
        SearchSpace space = SearchSpace.builder().levels(1, 1).unitsPerLevel(1, 1).neuronsPerUnit(4, 4).inputWidth(8)
                .epochs(2).batchSize(16).moieties(1).tries(1).seed(5).build();
        SearchResult result = new ArchitectureSearch(space, FeatureSpec.defaults().withHashDims(1 << 11))
                .run(parts.train(), SearchListener.NONE, CancellationToken.none());
        assertThat(result.best().architecture().hiddenLevels()).as("the linear model wins").isZero();
        assertThat(result.model().provenance()).containsKey("linearSolver");
        TextClassifier model = result.model();

        byte[] bytes = ModelFileTest.save(model);
        TextClassifier loaded = ModelFile.loadClassifier(new ByteArrayInputStream(bytes));
        List<String> probes = new java.util.ArrayList<>(parts.heldOut().texts());
        probes.add("words never seen in training");
        probes.add("");
        assertThat(loaded.predictAll(probes)).isEqualTo(model.predictAll(probes));
        assertThat(ModelFileTest.save(loaded)).isEqualTo(bytes);
        long correct = 0;
        List<Prediction> predictions = loaded.predictAll(parts.heldOut().texts());
        for (int i = 0; i < predictions.size(); i++) {
            correct += predictions.get(i).label().equals(parts.heldOut().labels().get(i)) ? 1 : 0;
        }
        assertThat((double) correct / predictions.size()).isGreaterThanOrEqualTo(0.95);
    }
}
