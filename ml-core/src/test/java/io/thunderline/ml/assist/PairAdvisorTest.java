package io.thunderline.ml.assist;

import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.PromptResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PairAdvisorTest {
    private final PairAdvisor advisor = new PairAdvisor(MiniLmEncoder.shared());

    @Test
    void aFewAnswersInAnotherFormatAndConflictingAnswersAreNamed() {
        List<PromptResponse> pairs = List.of(
                new PromptResponse("Translate to French: good morning", "Bonjour."),
                new PromptResponse("Translate to French: thank you", "Merci."),
                new PromptResponse("Translate to French: see you soon", "À bientôt."),
                new PromptResponse("Translate to French: good night", "Bonne nuit."),
                new PromptResponse("Translate to French: how are you", "Comment allez-vous ?"),
                new PromptResponse("Translate to French: I am hungry", "- J'ai faim\n- J'ai très faim"),
                new PromptResponse("Translate to French: where is the station", "Où est la gare ?"),
                new PromptResponse("Translate to French: thank you", "Merci beaucoup."));
        List<Suggestion> found = advisor.check(pairs);
        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.CONFLICTING_DUPLICATE);
            assertThat(s.examples()).containsExactly(1, 7);
        });
        assertThat(found).anySatisfy(s -> {
            assertThat(s.kind()).isEqualTo(Suggestion.Kind.INCONSISTENT_FORMAT);
            assertThat(s.message()).startsWith("1 of 8 answers are bulleted or numbered lists");
            assertThat(s.examples()).containsExactly(5);
        });
    }

    @Test
    void consistentAnswersGetNoFormatSuggestion() {
        List<PromptResponse> pairs = List.of(
                new PromptResponse("Capital of France?", "Paris is the capital of France."),
                new PromptResponse("Capital of Spain?", "Madrid is the capital of Spain."),
                new PromptResponse("Capital of Italy?", "Rome is the capital of Italy."),
                new PromptResponse("Capital of Japan?", "Tokyo is the capital of Japan."));
        assertThat(advisor.check(pairs)).noneMatch(s -> s.kind() == Suggestion.Kind.INCONSISTENT_FORMAT);
    }
}
