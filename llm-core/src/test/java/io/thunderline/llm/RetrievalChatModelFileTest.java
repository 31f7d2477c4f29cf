package io.thunderline.llm;

import io.thunderline.ml.embed.EncoderInfo;
import io.thunderline.ml.model.PromptResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrievalChatModelFileTest {

    static RetrievalChatModel model() {
        List<PromptResponse> examples = List.of(new PromptResponse("hello", "hi there"),
                new PromptResponse("Übersetze\nDanke", "Merci — \"beaucoup\""));
        float[][] vectors = {{0.6f, 0.8f, 0f}, {0f, 0f, 1f}};
        return new RetrievalChatModel(PretrainedModel.SMOLLM2_135M_INSTRUCT,
                new EncoderInfo("all-MiniLM-L6-v2-q", "1.11.0-beta19", "ab12", 3, 1000),
                new ExampleIndex(examples, vectors), new RetrievalChatModel.Settings(2, 0.0, 40, 1.15, 0.9, 42),
                Map.of("examples", "2"));
    }

    @Test
    void roundTripKeepsBaseModelEncoderSettingsAndExamples() throws IOException {
        RetrievalChatModel loaded = RetrievalChatModelFile.load(RetrievalChatModelFile.save(model()));
        assertThat(loaded.base()).isEqualTo(PretrainedModel.SMOLLM2_135M_INSTRUCT);
        assertThat(loaded.encoder()).isEqualTo(model().encoder());
        assertThat(loaded.settings()).isEqualTo(model().settings());
        assertThat(loaded.index().examples()).isEqualTo(model().index().examples());
        assertThat(loaded.index().vector(0)).containsExactly(0.6f, 0.8f, 0f);
        assertThat(loaded.provenance()).containsEntry("examples", "2");
        assertThat(RetrievalChatModelFile.save(loaded)).isEqualTo(RetrievalChatModelFile.save(model()));
    }

    @Test
    void aDamagedFileIsRefused() {
        byte[] file = RetrievalChatModelFile.save(model());
        file[40] ^= 1;
        assertThatThrownBy(() -> RetrievalChatModelFile.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        assertThatThrownBy(() -> RetrievalChatModelFile.load(new byte[]{1, 2, 3, 4, 5})).isInstanceOf(IOException.class)
                .hasMessageContaining("not a retrieval chat model file");
    }
}
