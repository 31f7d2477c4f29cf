package io.thunderline.llm;

import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.PromptResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retrieval with the real sentence encoder (all-MiniLM-L6-v2 from Maven Central; no GGUF needed). */
class ExampleIndexTest {

    static final List<PromptResponse> FAQ = List.of(
            new PromptResponse("What are your opening hours?", "Monday to Friday 9:00 to 18:00."),
            new PromptResponse("Where can I park?", "Free parking behind the building."),
            new PromptResponse("Can I pay by card?", "Yes, all major debit and credit cards."),
            new PromptResponse("How long should I boil an egg for a soft yolk?", "About six minutes."),
            new PromptResponse("Translate to French\nThank you for your help.", "Merci pour votre aide."));

    @Test
    void paraphrasedQuestionsFindTheirExample() {
        ExampleIndex index = ExampleIndex.build(FAQ, MiniLmEncoder.shared());
        MiniLmEncoder enc = MiniLmEncoder.shared();
        assertThat(index.nearest(enc.encode("When are you open?"), 1).get(0).index()).isEqualTo(0);
        assertThat(index.nearest(enc.encode("Is there somewhere to leave my car?"), 1).get(0).index()).isEqualTo(1);
        assertThat(index.nearest(enc.encode("Do you take credit cards?"), 1).get(0).index()).isEqualTo(2);
        assertThat(index.nearest(enc.encode("soft boiled egg: how many minutes?"), 1).get(0).index()).isEqualTo(3);
    }

    @Test
    void nearestFirstAndHeldOutExamplesLeftOut() {
        ExampleIndex index = ExampleIndex.build(FAQ, MiniLmEncoder.shared());
        var near = index.nearest(index.vector(0), 3);
        assertThat(near.get(0).index()).isEqualTo(0);
        assertThat(near.get(0).cosine()).isGreaterThan(0.999);
        assertThat(near).extracting(ExampleIndex.Neighbour::cosine).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(index.nearest(index.vector(0), 5, i -> i == 0)).extracting(ExampleIndex.Neighbour::index)
                .doesNotContain(0).hasSize(4);
    }
}
