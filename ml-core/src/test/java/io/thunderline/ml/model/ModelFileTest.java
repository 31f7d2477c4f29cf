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

    private static final SearchSpace SPACE = SearchSpace.builder().levels(1, 2).unitsPerLevel(1, 2).neuronsPerUnit(4, 8)
            .inputWidth(8).epochs(3).batchSize(16).moieties(1).tries(2).seed(5).build();
    private static TextClassifier classifier;
    private static LabeledData data;

    @BeforeAll
    static void trainOnce() {
        data = SyntheticText.separable(25, 3, 2);
        classifier = new ArchitectureSearch(SPACE, FeatureSpec.defaults().withHashDims(1 << 11))
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

    @Test
    void aModelReadingSentenceVectorsRecordsItsEncoderAndPredictsTheSameAfterLoading() throws Exception {
        LabeledData prompt = io.thunderline.ml.testing.Prompts.read("news-topics.tsv");
        // sentence vector → output plus the direct n-gram path, trained as the search trains a trial
        var encoder = io.thunderline.ml.embed.MiniLmEncoder.shared();
        var fitted = io.thunderline.ml.text.TextFeaturizer.fitTransform(FeatureSpec.defaults().withHashDims(1 << 12), prompt.texts());
        List<String> labels = prompt.labelSet();
        int[] y = prompt.labels().stream().mapToInt(labels::indexOf).toArray();
        var architecture = new io.thunderline.ml.nn.Architecture(1 << 12, 0, 384, true,
                List.of(List.of(new io.thunderline.ml.nn.UnitSpec(labels.size(), List.of(io.thunderline.ml.nn.Architecture.DENSE_INPUT)))),
                io.thunderline.ml.nn.ActivationFunction.ELU, 0, labels.size());
        var network = new io.thunderline.ml.nn.Network(architecture, 3);
        new io.thunderline.ml.nas.NetworkTrainer(io.thunderline.ml.nas.TrainingConfig.from(SearchSpace.defaults(), 3),
                SearchListener.NONE, CancellationToken.none(), 0)
                .train(network, new io.thunderline.ml.nas.EncodedData(fitted.vectors(), y, encoder.encodeAll(prompt.texts())), null);
        network.roundToFloat();
        double[] bias = {0, (float) 0.7, 0, (float) -0.3};
        TextClassifier withEncoder = new TextClassifier(fitted.featurizer(), network, labels, java.util.Map.of("test", "1"),
                encoder, bias);
        byte[] bytes = save(withEncoder);
        TextClassifier loaded = ModelFile.loadClassifier(new ByteArrayInputStream(bytes));
        assertThat(loaded.encoder().info()).isEqualTo(withEncoder.encoder().info());
        assertThat(loaded.decisionBias()).containsExactly(bias);
        List<String> fresh = List.of("The goalkeeper saved a penalty.", "Inflation slowed last month.", "A new comet was seen.");
        assertThat(loaded.predictAll(fresh)).isEqualTo(withEncoder.predictAll(fresh));
        assertThat(loaded.predict(fresh.get(0))).isEqualTo(withEncoder.predict(fresh.get(0)));

        // a file naming other weights than this installation's is refused, naming both
        String sha = withEncoder.encoder().info().sha256();
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf(sha);
        assertThat(at).isPositive();
        byte[] other = bytes.clone();
        other[at] = (byte) (other[at] == 'a' ? 'b' : 'a');
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(other, 0, other.length - 32);
        System.arraycopy(digest.digest(), 0, other, other.length - 32, 32);
        assertThatThrownBy(() -> ModelFile.load(new ByteArrayInputStream(other)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("trained with the sentence encoder all-MiniLM-L6-v2-q")
                .hasMessageContaining("retrain the model");
    }

    @Test
    void signedHashingIsRecordedAndAFileOfFormatTwoReadsAsUnsigned() throws Exception {
        TextClassifier signed = new ArchitectureSearch(SPACE, FeatureSpec.classifierDefaults().withHashDims(1 << 11))
                .run(data, SearchListener.NONE, CancellationToken.none()).model();
        TextClassifier loaded = ModelFile.loadClassifier(new ByteArrayInputStream(save(signed)));
        assertThat(loaded.featurizer().spec().signedHashing()).isTrue();
        List<String> probes = List.of(data.texts().get(0), data.texts().get(7), "unseen words entirely");
        assertThat(loaded.predictAll(probes)).isEqualTo(signed.predictAll(probes));

        // Format 2 had no sign flag. The unsigned classifier's file and the same network written as signed differ in
        // that one byte: removing it and stating version 2 gives the file format 2 wrote.
        byte[] unsignedFile = save(classifier);
        TextClassifier relabelled = new TextClassifier(
                io.thunderline.ml.text.TextFeaturizer.restore(classifier.featurizer().spec().withSignedHashing(true),
                        classifier.featurizer().idf()),
                classifier.network(), classifier.labels(), classifier.provenance(), classifier.encoder(),
                classifier.decisionBias());
        byte[] signedFile = save(relabelled);
        int flag = 0;
        while (unsignedFile[flag] == signedFile[flag]) {
            flag++;
        }
        assertThat(unsignedFile[flag]).isEqualTo((byte) 0);
        assertThat(signedFile[flag]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(unsignedFile, flag + 1, unsignedFile.length - 32))
                .isEqualTo(Arrays.copyOfRange(signedFile, flag + 1, signedFile.length - 32));
        byte[] formatTwo = new byte[unsignedFile.length - 1];
        System.arraycopy(unsignedFile, 0, formatTwo, 0, flag);
        System.arraycopy(unsignedFile, flag + 1, formatTwo, flag, unsignedFile.length - 32 - flag - 1);
        java.nio.ByteBuffer.wrap(formatTwo).putInt(4, 2).putLong(12, formatTwo.length - 20 - 32);
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(formatTwo, 0, formatTwo.length - 32);
        System.arraycopy(digest.digest(), 0, formatTwo, formatTwo.length - 32, 32);

        TextClassifier old = ModelFile.loadClassifier(new ByteArrayInputStream(formatTwo));
        assertThat(old.featurizer().spec()).isEqualTo(classifier.featurizer().spec());
        assertThat(old.featurizer().spec().signedHashing()).isFalse();
        assertThat(old.predictAll(probes)).isEqualTo(classifier.predictAll(probes));
    }

    static byte[] save(TrainedModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.save(model, out);
        return out.toByteArray();
    }
}
