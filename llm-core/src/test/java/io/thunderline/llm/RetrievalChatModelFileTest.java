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
        return model(byTask, drafts, false);
    }

    static RetrievalChatModel model(boolean byTask, boolean drafts, boolean lengthHint) {
        List<PromptResponse> examples = List.of(new PromptResponse("hello", "hi there"),
                new PromptResponse("Übersetze\nDanke", "Merci — \"beaucoup\""));
        float[][] vectors = {{0.6f, 0.8f, 0f}, {0f, 0f, 1f}};
        return new RetrievalChatModel(PretrainedModel.SMOLLM2_135M_INSTRUCT,
                new EncoderInfo("all-MiniLM-L6-v2-q", "1.11.0-beta19", "ab12", 3, 1000),
                new ExampleIndex(examples, vectors, byTask), new RetrievalChatModel.Settings(2, 0.0, 40, 1.15, 0.9, 42, drafts, lengthHint),
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

    @Test
    void theLengthHintSettingIsKept() throws IOException {
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(false, true, true))).settings())
                .isEqualTo(model(false, true, true).settings());
        assertThat(RetrievalChatModelFile.load(RetrievalChatModelFile.save(model(false, true, false))).settings()
                .lengthHint()).isFalse();
    }

    /** Models stored before format 4 (plain system prompt without examples) still load, without the length hint. */
    @Test
    void aFormat3FileLoadsWithoutTheLengthHint() throws IOException {
        byte[] v3 = olderFormat(RetrievalChatModelFile.save(model(true, true)), 3, hintFlag());

        RetrievalChatModel loaded = RetrievalChatModelFile.load(v3);
        assertThat(loaded.settings()).isEqualTo(model(true, true).settings());
        assertThat(loaded.settings().lengthHint()).isFalse();
        assertThat(loaded.index().byTask()).isTrue();
    }

    /** Models stored before format 3 (one draft) still load, writing one draft. */
    @Test
    void aFormat2FileLoadsWithOneDraft() throws IOException {
        byte[] v4 = RetrievalChatModelFile.save(model(true, false));
        byte[] v2 = olderFormat(olderFormat(v4, 3, hintFlag()), 2, flagOffset(model(true, true), model(true, false)));

        RetrievalChatModel loaded = RetrievalChatModelFile.load(v2);
        assertThat(loaded.settings().drafts()).isFalse();
        assertThat(loaded.index().byTask()).isTrue();
        assertThat(loaded.index().examples()).isEqualTo(model().index().examples());
    }

    /** Models stored before format 2 (no task grouping) still load, with every example demonstrating every request. */
    @Test
    void aFormat1FileLoadsWithoutTaskGrouping() throws IOException {
        byte[] v4 = RetrievalChatModelFile.save(model(false));
        int drafts = flagOffset(model(false, true), model(false, false));
        int byTask = flagOffset(model(true), model(false));
        // the flags are in the order drafts, length hint, task grouping: cut the last one first
        byte[] v1 = olderFormat(olderFormat(olderFormat(v4, 3, byTask), 3, hintFlag()), 1, drafts);

        RetrievalChatModel loaded = RetrievalChatModelFile.load(v1);
        assertThat(loaded.index().byTask()).isFalse();
        assertThat(loaded.index().examples()).isEqualTo(model().index().examples());
        assertThat(loaded.settings()).isEqualTo(model().settings());
    }

    private static int hintFlag() {
        return flagOffset(model(false, false, true), model(false, false, false));
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
