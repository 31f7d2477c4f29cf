package io.thunderline.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.model.PromptResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerLengthTest {

    @Test
    void sentencesAreCountedByTheirEnds() {
        assertThat(AnswerLength.sentences("the study of cells.")).isEqualTo(1);
        assertThat(AnswerLength.sentences("it")).isEqualTo(1);
        assertThat(AnswerLength.sentences("")).isEqualTo(1);
        assertThat(AnswerLength.sentences("Thank you. Order 48213 left yesterday!  It arrives tomorrow?")).isEqualTo(3);
        // a full stop inside a number or a word is not an end
        assertThat(AnswerLength.sentences("Version 2.5 is out... really.")).isEqualTo(2);
    }

    @Test
    void theHintFollowsTheMedianOfTheAnswersLeft() {
        AnswerLength length = new AnswerLength(List.of("One.", "One. Two.", "One. Two. Three.", "One. Two. Three."));
        assertThat(length.median(i -> false)).isEqualTo(2);
        // held-out answers do not count
        assertThat(length.median(i -> i < 2)).isEqualTo(3);
        assertThat(length.median(i -> true)).isZero();

        assertThat(AnswerLength.hint(1)).isEqualTo("Answer in one short sentence.");
        assertThat(AnswerLength.hint(3)).isEqualTo("Answer in at most 3 short sentences.");
        // no answers left, or long-form answers: nothing to tell
        assertThat(AnswerLength.hint(0)).isEmpty();
        assertThat(AnswerLength.hint(AnswerLength.MAX_HINTED_SENTENCES + 1)).isEmpty();
    }

    @Test
    void aPromptWithoutExamplesCarriesTheHintOnlyWhenTheSettingsSaySo() {
        ExampleIndex index = new ExampleIndex(List.of(new PromptResponse("a", "Short."),
                new PromptResponse("b", "Also short.")), new float[][]{{1f}, {1f}});
        RetrievalChatModel.Settings plain = new RetrievalChatModel.Settings(0, 0.0, 16, 1.0,
                RetrievalChatModel.SELECTOR_OFF, 42);
        assertThat(RetrievalChatModel.systemPromptWithoutExamples(index, i -> false, plain))
                .isEqualTo(RetrievalChatModel.SYSTEM_PROMPT);
        assertThat(RetrievalChatModel.systemPromptWithoutExamples(index, i -> false, plain.withLengthHint(true)))
                .isEqualTo(RetrievalChatModel.SYSTEM_PROMPT + " Answer in one short sentence.");
        assertThat(RetrievalChatModel.messages(List.of(), List.of(), "c", "told").get(0).content()).isEqualTo("told");
    }
}
