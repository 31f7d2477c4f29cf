package io.thunderline.llm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pretrained model from the model cache. It must be there (bin/fetch-models; CI runs it): when it is
 * missing or damaged these tests fail with the store's message naming the file and the command.
 */
class InstructModelTest {

    static InstructModel model() {
        return InstructModel.shared(PretrainedModelStore.configured(), PretrainedModel.SMOLLM2_135M_INSTRUCT);
    }

    @Test
    void loadsFromTheCacheAndGeneratesDeterministicallyAtTemperatureZero() {
        InstructModel llm = model();
        List<ChatMessage> messages = List.of(ChatMessage.system(RetrievalChatModel.SYSTEM_PROMPT),
                ChatMessage.user("What is the capital of France? Answer in one sentence."));
        GenerationSettings settings = GenerationSettings.greedy(24);
        Generation first = llm.generate(messages, settings, TokenSink.NONE, () -> false);
        Generation second = llm.generate(messages, settings, TokenSink.NONE, () -> false);
        assertThat(first.text()).isNotBlank().containsIgnoringCase("Paris").isEqualTo(second.text());
        assertThat(first.tokens()).isBetween(1, 24);
        assertThat(first.promptTokens()).isGreaterThan(10);
    }

    /**
     * The answer to a request does not depend on the request answered before it. With llama.cpp's prompt cache on,
     * this request asked twice in a row got two different greedy answers ("… type of flour used and the specific
     * recipe." then "… type of potatoes used."): the cached prompt is evaluated in another batch split.
     */
    @Test
    void aRequestGetsTheSameAnswerWhateverWasAskedBeforeIt() {
        InstructModel llm = model();
        GenerationSettings settings = new GenerationSettings(40, 0.0, 42, 1.0, 64);
        List<ChatMessage> potato = List.of(ChatMessage.system(RetrievalChatModel.SYSTEM_PROMPT
                + " Answer in one short sentence."), ChatMessage.user("How long should I bake a potato?"));
        llm.generate(List.of(ChatMessage.user("what is cytology")), settings, TokenSink.NONE, () -> false);
        String afterAnother = llm.generate(potato, settings, TokenSink.NONE, () -> false).text();
        String afterItself = llm.generate(potato, settings, TokenSink.NONE, () -> false).text();
        assertThat(afterItself).isNotBlank().isEqualTo(afterAnother);
    }

    @Test
    void samplingWithAFixedSeedRepeatsAndTokensStreamInOrder() {
        InstructModel llm = model();
        List<ChatMessage> messages = List.of(ChatMessage.user("Write one sentence about the sea."));
        GenerationSettings warm = new GenerationSettings(20, 0.9, 7, 1.1, 64);
        List<String> pieces = new ArrayList<>();
        Generation a = llm.generate(messages, warm, p -> pieces.add(p), () -> false);
        Generation b = llm.generate(messages, warm, TokenSink.NONE, () -> false);
        assertThat(a.text()).isEqualTo(b.text()).isNotBlank();
        assertThat(pieces).hasSize(a.tokens());
        assertThat(String.join("", pieces).strip()).startsWith(a.text());
    }

    @Test
    void aSinkStopsTheGeneration() {
        List<String> pieces = new ArrayList<>();
        Generation g = model().generate(List.of(ChatMessage.user("Count from one to fifty in words.")),
                GenerationSettings.greedy(200), p -> pieces.add(p) && pieces.size() < 3, () -> false);
        assertThat(g.cancelled()).isTrue();
        assertThat(pieces).hasSize(3);
        assertThat(g.tokens()).isEqualTo(3);
    }
}
