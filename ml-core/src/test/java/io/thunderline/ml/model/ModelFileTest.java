package io.thunderline.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.nas.ArchitectureSearch;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelFileTest {

    private static TextClassifier classifier;
    private static LabeledData data;

    @BeforeAll
    static void trainOnce() {
        data = SyntheticText.separable(25, 3, 2);
        SearchSpace space = SearchSpace.builder().levels(1, 2).unitsPerLevel(1, 2).neuronsPerUnit(4, 8).inputWidth(8)
                .epochs(3).batchSize(16).moieties(1).tries(2).seed(5).build();
        classifier = new ArchitectureSearch(space, FeatureSpec.defaults().withHashDims(1 << 11))
                .run(data, SearchListener.NONE, CancellationToken.none()).model();
    }

    @Test
    void loadedClassifierPredictsExactlyLikeTheSavedOne() throws IOException {
        byte[] bytes = save(classifier);
        TextClassifier loaded = ModelFile.loadClassifier(new ByteArrayInputStream(bytes));
        assertThat(loaded.labels()).isEqualTo(classifier.labels());
        assertThat(loaded.architectureDescription()).isEqualTo(classifier.architectureDescription());
        assertThat(loaded.provenance()).isEqualTo(classifier.provenance());
        assertThat(loaded.featurizer().spec()).isEqualTo(classifier.featurizer().spec());
        List<String> probes = List.of(data.texts().get(0), data.texts().get(1), "unseen words entirely", "");
        assertThat(loaded.predictAll(probes)).isEqualTo(classifier.predictAll(probes));
        assertThat(loaded.predict("topic2word4 of")).isEqualTo(classifier.predict("topic2word4 of"));
        assertThat(save(loaded)).isEqualTo(bytes);
    }

    @Test
    void aFlippedByteAnywhereIsRefused() throws IOException {
        byte[] bytes = save(classifier);
        for (int position : new int[] {30, bytes.length / 2, bytes.length - 40, bytes.length - 1}) {
            byte[] corrupted = bytes.clone();
            corrupted[position] ^= 0x10;
            assertThatThrownBy(() -> ModelFile.load(new ByteArrayInputStream(corrupted)))
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("SHA-256 mismatch");
        }
    }

    @Test
    void truncatedForeignAndFutureFilesAreRefused() throws IOException {
        byte[] bytes = save(classifier);
        assertThatThrownBy(() -> ModelFile.load(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 100))))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ModelFile.load(new ByteArrayInputStream("PK\u0003\u0004 a zip file".getBytes())))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("not a Thunderline model file");
        byte[] future = bytes.clone();
        future[7] = 9;
        assertThatThrownBy(() -> ModelFile.load(new ByteArrayInputStream(future)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("unsupported model file version 9");
    }

    @Test
    void aClassifierFileIsNotALanguageModel() throws IOException {
        byte[] bytes = save(classifier);
        assertThatThrownBy(() -> ModelFile.loadLanguageModel(new ByteArrayInputStream(bytes)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("text classifier");
    }

    static byte[] save(TrainedModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.save(model, out);
        return out.toByteArray();
    }
}
