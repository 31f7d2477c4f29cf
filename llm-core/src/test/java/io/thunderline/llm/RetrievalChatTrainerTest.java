package io.thunderline.llm;

import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.nas.CancellationToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Held-out evaluation with the real instruct model: the scores come from generated text. */
class RetrievalChatTrainerTest {

    static final List<PromptResponse> TRANSLATIONS = List.of(
            new PromptResponse("Translate to French\nGood morning, how are you?", "Bonjour, comment allez-vous ?"),
            new PromptResponse("Translate to French\nThank you for your help.", "Merci pour votre aide."),
            new PromptResponse("Translate to French\nWhere is the train station?", "Où est la gare ?"),
            new PromptResponse("Translate to French\nI would like a coffee, please.", "Je voudrais un café, s'il vous plaît."));

    @Test
    void swappedExpectedAnswersScoreLower() {
        InstructModel llm = InstructModelTest.model();
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        RetrievalChatTrainer.Options options = new RetrievalChatTrainer.Options(4, 4, 42, false);

        RetrievalChatTrainer.Result right = new RetrievalChatTrainer(llm, encoder, options)
                .train(TRANSLATIONS, RetrievalChatTrainer.Listener.NONE, CancellationToken.none());
        List<PromptResponse> swapped = new ArrayList<>();
        for (int i = 0; i < TRANSLATIONS.size(); i++) {
            swapped.add(new PromptResponse(TRANSLATIONS.get(i).prompt(),
                    TRANSLATIONS.get((i + 1) % TRANSLATIONS.size()).response()));
        }
        RetrievalChatTrainer.Result wrong = new RetrievalChatTrainer(llm, encoder, options)
                .train(swapped, RetrievalChatTrainer.Listener.NONE, CancellationToken.none());

        assertThat(right.scheme()).isEqualTo("leave-one-out over 4 examples");
        assertThat(right.examples()).hasSize(4).allSatisfy(x -> {
            assertThat(x.rougeJob()).isEqualTo(Rouge.rougeL(x.expected(), x.job()));
            assertThat(x.job()).isNotBlank();
        });
        RetrievalChatTrainer.Score r = right.scores().get(RetrievalChatTrainer.JOB);
        RetrievalChatTrainer.Score w = wrong.scores().get(RetrievalChatTrainer.JOB);
        assertThat(r.rougeL()).isGreaterThan(w.rougeL());
        assertThat(r.cosine()).isGreaterThan(w.cosine());
        // the model file holds every example and the settings chosen on the held-out answers
        assertThat(right.model().index().size()).isEqualTo(4);
        assertThat(right.candidates()).isNotEmpty();
        assertThat(right.model().settings().maxTokens()).isBetween(16, 512);
        // 4 examples: the default is kept, two drafts, and the reported answers are among its drafts' answers
        assertThat(right.model().settings().drafts()).isTrue();
        assertThat(right.candidates()).hasSize(3).last()
                .satisfies(c -> assertThat(c.settings()).isEqualTo(right.model().settings()));
        assertThat(right.scores().get(RetrievalChatTrainer.JOB).rougeL())
                .isEqualTo(right.candidates().get(2).score().rougeL());
    }
}
