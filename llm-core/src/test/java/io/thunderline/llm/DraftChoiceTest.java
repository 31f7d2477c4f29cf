package io.thunderline.llm;

import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.PromptResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two drafts, with and without the examples: which one is kept, and how a model with drafts answers. */
class DraftChoiceTest {

    private static float[] unit(double... v) {
        double n = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    @Test
    void aDraftOffTheRequestsTopicLosesToOneOnIt() {
        float[] request = unit(1, 0, 0);
        List<float[]> answers = List.of(unit(0.5, 0.5, 0), unit(0.5, 0.5, 0));
        float[] offTopic = unit(0, 0, 1);      // e.g. "it", copied from a near-duplicate example
        float[] onTopic = unit(0.8, 0.4, 0.2);
        assertThat(DraftChoice.pick(request, answers, offTopic, onTopic)).isEqualTo(DraftChoice.WITHOUT_EXAMPLES);
        assertThat(DraftChoice.pick(request, answers, onTopic, offTopic)).isEqualTo(DraftChoice.WITH_EXAMPLES);
    }

    @Test
    void theExamplesAnswersDecideBetweenTwoDraftsOnTheTopic() {
        float[] request = unit(1, 0, 0);
        List<float[]> answers = List.of(unit(0.6, 0.8, 0)); // the user answers in the direction of the second axis
        float[] likeTheAnswers = unit(0.6, 0.8, 0);
        float[] generic = unit(0.7, 0, 0.71);   // as near the request, nothing like the answers
        assertThat(DraftChoice.pick(request, answers, generic, likeTheAnswers)).isEqualTo(DraftChoice.WITHOUT_EXAMPLES);
        assertThat(DraftChoice.pick(request, answers, likeTheAnswers, generic)).isEqualTo(DraftChoice.WITH_EXAMPLES);
    }

    @Test
    void aTieKeepsTheDraftWithTheExamplesAndNoExamplesIsRefused() {
        float[] v = unit(1, 1, 0);
        assertThat(DraftChoice.pick(unit(1, 0, 0), List.of(unit(0, 1, 0)), v, v.clone())).isEqualTo(DraftChoice.WITH_EXAMPLES);
        assertThatThrownBy(() -> DraftChoice.pick(v, List.of(), v, v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no example answers");
    }

    /** With the real instruct model: both drafts stream, the sink hears of the second, the kept one is DraftChoice's. */
    @Test
    void aModelWithDraftsStreamsBothAndKeepsThePickedOne() {
        InstructModel llm = InstructModelTest.model();
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        List<PromptResponse> examples = List.of(
                new PromptResponse("how far is the sun", "it"),
                new PromptResponse("what is cytology", "the study of cells."),
                new PromptResponse("what is bacteriology", "the scientific study of bacteria."));
        ExampleIndex index = ExampleIndex.build(examples, encoder);
        RetrievalChatModel.Settings settings = new RetrievalChatModel.Settings(2, 0.0, 40, 1.0,
                RetrievalChatModel.SELECTOR_OFF, 42, true, true);
        List<String> events = new ArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public boolean accept(String piece) {
                events.add("token");
                return true;
            }

            @Override
            public boolean nextDraft(int number) {
                events.add("draft " + number);
                return true;
            }
        };
        String request = "how far is the moon";
        float[] query = encoder.encode(request);
        RetrievalChatModel.Answer a = RetrievalChatModel.respond(llm, encoder, index, i -> false, query, List.of(),
                request, settings, sink, () -> false);

        assertThat(a.drafts()).hasSize(2).doesNotContainNull();
        assertThat(events).contains("draft 2");
        int second = events.indexOf("draft 2");
        assertThat(events.subList(0, second)).isNotEmpty().containsOnly("token");
        assertThat(events.subList(second + 1, events.size())).isNotEmpty().containsOnly("token");
        List<ExampleIndex.Neighbour> shown = index.nearest(query, 2);
        int expected = DraftChoice.pick(query, Arrays.asList(encoder.encodeAll(
                        shown.stream().map(n -> n.example().response()).toList())),
                encoder.encode(a.drafts().get(0)), encoder.encode(a.drafts().get(1)));
        assertThat(a.text()).isEqualTo(a.drafts().get(expected));
        assertThat(a.neighbours()).isEqualTo(expected == DraftChoice.WITH_EXAMPLES ? shown : List.of());
        // without drafts the same request is one generation, equal to the first draft (greedy)
        RetrievalChatModel.Answer one = RetrievalChatModel.respond(llm, encoder, index, i -> false, query, List.of(),
                request, settings.withDrafts(false), TokenSink.NONE, () -> false);
        assertThat(one.drafts()).isEmpty();
        assertThat(one.text()).isEqualTo(a.drafts().get(0));
        // the draft without examples was told their answers' length (one sentence each)
        Generation told = llm.generate(RetrievalChatModel.messages(List.of(), List.of(), request,
                        RetrievalChatModel.SYSTEM_PROMPT + " Answer in one short sentence."), settings.generation(),
                TokenSink.NONE, () -> false);
        assertThat(a.drafts().get(1)).isEqualTo(told.text());
    }
}
