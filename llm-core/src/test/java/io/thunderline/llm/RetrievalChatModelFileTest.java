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
        return model(false);
    }

    static RetrievalChatModel model(boolean byTask) {
        return model(byTask, false);
    }

    static RetrievalChatModel model(boolean byTask, boolean drafts) {
        List<PromptResponse> examples = List.of(new PromptResponse("hello", "hi there"),
                new PromptResponse("Übersetze\nDanke", "Merci — \"beaucoup\""));
        float[][] vectors = {{0.6f, 0.8f, 0f}, {0f, 0f, 1f}};
        return new RetrievalChatModel(PretrainedModel.SMOLLM2_135M_INSTRUCT,
                new EncoderInfo("all-MiniLM-L6-v2-q", "1.11.0-beta19", "ab12", 3, 1000),
                new ExampleIndex(examples, vectors, byTask), new RetrievalChatModel.Settings(2, 0.0, 40, 1.15, 0.9, 42, drafts),
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
    void theTaskGroupingOfInstructionExamplesIsKept() throws IOException {
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(true))).index().byTask()).isTrue();
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(false))).index().byTask()).isFalse();
    }

    @Test
    void theSecondDraftSettingIsKept() throws IOException {
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(false, true))).settings().drafts()).isTrue();
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(false, false))).settings().drafts()).isFalse();
    }

    /** Models stored before format 3 (one draft) still load, writing one draft. */
    @Test
    void aFormat2FileLoadsWithOneDraft() throws IOException {
        byte[] v3 = RetrievalChatModelFile.save(model(true, false));
        byte[] v2 = olderFormat(v3, 2, flagOffset(model(true, true), model(true, false)));

        RetrievalChatModel loaded = RetrievalChatModelFile.load(v2);
        assertThat(loaded.settings().drafts()).isFalse();
        assertThat(loaded.index().byTask()).isTrue();
        assertThat(loaded.index().examples()).isEqualTo(model().index().examples());
    }

    /** Models stored before format 2 (no task grouping) still load, with every example demonstrating every request. */
    @Test
    void aFormat1FileLoadsWithoutTaskGrouping() throws IOException {
        byte[] v3 = RetrievalChatModelFile.save(model(false));
        int drafts = flagOffset(model(false, true), model(false, false));
        int byTask = flagOffset(model(true), model(false));
        // the task flag follows the drafts flag: cut it first, then the drafts flag
        byte[] v1 = olderFormat(olderFormat(v3, 2, byTask), 1, drafts);

        RetrievalChatModel loaded = RetrievalChatModelFile.load(v1);
        assertThat(loaded.index().byTask()).isFalse();
        assertThat(loaded.index().examples()).isEqualTo(model().index().examples());
        assertThat(loaded.settings()).isEqualTo(model().settings());
    }

    /** Where the files of two models that differ in one flag differ: that flag's byte. */
    private static int flagOffset(RetrievalChatModel on, RetrievalChatModel off) {
        byte[] a = RetrievalChatModelFile.save(on);
        byte[] b = RetrievalChatModelFile.save(off);
        return java.util.stream.IntStream.range(8, b.length - 32).filter(i -> a[i] != b[i]).findFirst().orElseThrow();
    }

    /** The file without the byte at {@code flag}, marked as format {@code version}, with its checksum redone. */
    private static byte[] olderFormat(byte[] file, int version, int flag) {
        byte[] body = new byte[file.length - 32 - 1];
        System.arraycopy(file, 0, body, 0, flag);
        System.arraycopy(file, flag + 1, body, flag, file.length - 32 - flag - 1);
        java.nio.ByteBuffer.wrap(body).putInt(4, version);
        byte[] sum = java.util.HexFormat.of().parseHex(PretrainedModelStore.sha256(body));
        byte[] out = java.util.Arrays.copyOf(body, body.length + 32);
        System.arraycopy(sum, 0, out, body.length, 32);
        return out;
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
