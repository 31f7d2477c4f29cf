package io.thunderline.ui.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.ClassificationExample;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.ui.client.TrainerApi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptAssistTest {
    static final String PROMPT = """
            Classify news:

            1. "The striker scored twice" -> sport
            2. "Parliament passed the budget" -> politics
            sport: The keeper saved a penalty
            The senator resigned\tpolitics
            3. "The striker scored twice" -> sport
            """;

    @Test
    void examplesKeepTheirLinesAndExactRepeatsBecomeRemovableSuggestions() {
        PromptAssist.Parsed parsed = PromptAssist.parse(PROMPT, ModelType.TEXT_CLASSIFICATION);
        assertThat(parsed.examples()).extracting(TrainerApi.AssistExample::label)
                .containsExactly("sport", "politics", "sport", "politics");
        assertThat(parsed.spans()).extracting(PromptAssist.Span::first).containsExactly(3, 4, 5, 6);
        assertThat(parsed.labels()).containsExactly("politics", "sport");

        PromptAssist.PageSuggestions page = PromptAssist.toPage(parsed, new TrainerApi.Suggestions(4, List.of(
                new TrainerApi.Suggestion("LIKELY_MISLABELLED", "relabel it", List.of(3),
                        new TrainerApi.Fix("RELABEL", 3, "sport")),
                new TrainerApi.Suggestion("IMBALANCE", "more politics", List.of(), null),
                new TrainerApi.Suggestion("LIKELY_MISLABELLED", "labelled sport, says sport", List.of(0),
                        new TrainerApi.Fix("RELABEL", 0, "sport")))));
        assertThat(page.checked()).isEqualTo(4);
        PromptAssist.PageSuggestion repeat = page.suggestions().get(0);
        assertThat(repeat.kind()).isEqualTo("DUPLICATE");
        assertThat(repeat.lines()).containsExactly(3, 7);
        assertThat(repeat.fix()).isEqualTo(new PromptAssist.PageFix("REMOVE", 7, 7,
                "3. \"The striker scored twice\" -> sport", null, null));
        PromptAssist.PageSuggestion relabel = page.suggestions().get(1);
        assertThat(relabel.lines()).containsExactly(6);
        assertThat(relabel.fix().action()).isEqualTo("RELABEL");
        assertThat(relabel.fix().original()).isEqualTo("The senator resigned\tpolitics");
        assertThat(relabel.fix().replacement()).isEqualTo("The senator resigned\tsport");
        assertThat(page.suggestions().get(2).fix()).isNull();
        // a relabel to the label the line has is no fix: no button
        assertThat(page.suggestions().get(3).lines()).containsExactly(3);
        assertThat(page.suggestions().get(3).fix()).isNull();
    }

    @Test
    void aRelabelledLineParsesToTheNewLabelWhateverItsForm() {
        List<String> lines = List.of("1. \"I love it\" -> positive", "I love it → positive", "I love it\tpositive",
                "positive: I love it", "- positive: I love it");
        for (String line : lines) {
            String text = ((ClassificationExample) PromptParser.parse(line, ModelType.SENTIMENT_ANALYSIS).examples()
                    .get(0)).text();
            String changed = PromptAssist.relabelled(line, text, "very negative");
            ClassificationExample back = (ClassificationExample) PromptParser.parse(changed,
                    ModelType.SENTIMENT_ANALYSIS).examples().get(0);
            assertThat(back.label()).as(changed).isEqualTo("very negative");
            assertThat(back.text()).as(changed).isEqualTo("I love it");
        }
        assertThat(PromptAssist.relabelled("- positive: I love it", "I love it", "negative"))
                .isEqualTo("- \"I love it\" -> negative");
    }

    @Test
    void aNewLabelledLineReadsBackAsWritten() {
        String line = PromptAssist.labelledLine("She said \"wow\" -> then left", "surprise");
        ClassificationExample back = (ClassificationExample) PromptParser.parse(line, ModelType.TEXT_CLASSIFICATION)
                .examples().get(0);
        assertThat(back.text()).isEqualTo("She said \"wow\" -> then left");
        assertThat(back.label()).isEqualTo("surprise");
    }

    @Test
    void instructionExamplesSpanTheirLinesWithoutTheBlankOnesAfter() {
        String text = """
                Task: Translate to French
                Input: thank you
                Expected: Merci.

                Task: Translate to French
                Input: good night
                Expected: Bonne nuit.
                """;
        PromptAssist.Parsed parsed = PromptAssist.parse(text, ModelType.INSTRUCTION_FOLLOWING);
        assertThat(parsed.pairs()).containsExactly(new TrainerApi.AssistPair("Translate to French\nthank you", "Merci."),
                new TrainerApi.AssistPair("Translate to French\ngood night", "Bonne nuit."));
        assertThat(parsed.spans()).containsExactly(new PromptAssist.Span(1, 3, true), new PromptAssist.Span(5, 7, true));
        PromptAssist.PageSuggestions page = PromptAssist.toPage(parsed, new TrainerApi.Suggestions(2, List.of(
                new TrainerApi.Suggestion("DUPLICATE", "same", List.of(0, 1), new TrainerApi.Fix("REMOVE", 1, null)))));
        assertThat(page.suggestions().get(0).fix()).isEqualTo(new PromptAssist.PageFix("REMOVE", 5, 7,
                "Task: Translate to French\nInput: good night\nExpected: Bonne nuit.", null, null));
    }

    @Test
    void refusalsNameTheField() {
        assertThatThrownBy(() -> PromptAssist.parse("  ", ModelType.TEXT_CLASSIFICATION))
                .isInstanceOfSatisfying(FormError.class, e -> assertThat(e.field()).isEqualTo("promptText"));
        assertThatThrownBy(() -> PromptAssist.parse("just words", ModelType.TEXT_CLASSIFICATION))
                .isInstanceOfSatisfying(FormError.class, e -> {
                    assertThat(e.field()).isEqualTo("promptText");
                    assertThat(e.getMessage()).contains("line 1").contains("no label");
                });
        assertThatThrownBy(() -> PromptAssist.unlabelled(List.of("", "  ")))
                .isInstanceOfSatisfying(FormError.class, e -> assertThat(e.field()).isEqualTo("unlabelled"));
        assertThat(PromptAssist.unlabelled(List.of(" a \n\n b", "c"))).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> new SubmissionForm("x", "text_classification", null, null, null, "robot").datasetSource())
                .isInstanceOfSatisfying(FormError.class, e -> assertThat(e.field()).isEqualTo("source"));
        assertThat(new SubmissionForm("x", "text_classification", null, null, null, "auto-label").datasetSource())
                .isEqualTo("auto-label");
        assertThat(new SubmissionForm("x", "text_classification", null, null, null).datasetSource()).isNull();
    }
}
