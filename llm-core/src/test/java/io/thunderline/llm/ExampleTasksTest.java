package io.thunderline.llm;

import io.thunderline.ml.model.PromptResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Instruction examples demonstrate requests of their own task only ({@link ExampleIndex#demonstrations}). */
class ExampleTasksTest {

    static final List<PromptResponse> INSTRUCTIONS = List.of(
            new PromptResponse("Translate to French\nGood morning, how are you?", "Bonjour, comment allez-vous ?"),
            new PromptResponse("Translate to French\nThe train leaves at eight.", "Le train part à huit heures."),
            new PromptResponse("Extract the date and the place\nThe workshop is on 12 May in Berlin.", "Date: 12 May\nPlace: Berlin"),
            new PromptResponse("List the three primary colours", "Red, yellow and blue."));

    /** Vectors that make every example equally near any request: only the task decides. */
    static ExampleIndex index(boolean byTask) {
        float[][] vectors = new float[INSTRUCTIONS.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = new float[]{1f, 0f};
        }
        return new ExampleIndex(INSTRUCTIONS, vectors, byTask);
    }

    static List<Integer> demonstrations(ExampleIndex index, String request) {
        return index.demonstrations(new float[]{1f, 0f}, request, 8, i -> false).stream()
                .map(ExampleIndex.Neighbour::index).toList();
    }

    @Test
    void theTaskIsTheFirstLineOfARequestWithAnInput() {
        assertThat(ExampleIndex.taskOf("Translate to French\nThank you")).contains("translate to french");
        assertThat(ExampleIndex.taskOf("  Translate   to FRENCH:  \r\n Thank you")).contains("translate to french");
        assertThat(ExampleIndex.taskOf("Translate to French.\nThank you")).contains("translate to french");
        assertThat(ExampleIndex.taskOf("Task: Translate to French\nInput: Thank you")).contains("translate to french");
        assertThat(ExampleIndex.taskOf("Translate to French: thank you")).isEmpty();
        assertThat(ExampleIndex.taskOf("Translate to French\n   \n")).isEmpty();
    }

    @Test
    void aRequestWithATaskLineIsDemonstratedByThatTaskOnly() {
        ExampleIndex index = index(true);
        assertThat(demonstrations(index, "translate to french:\nSee you tomorrow.")).containsExactly(0, 1);
        assertThat(demonstrations(index, "Task: Translate to French\nInput: See you tomorrow.")).containsExactly(0, 1);
        assertThat(demonstrations(index, "Extract the date and the place\nWe meet on 3 June in Lyon.")).containsExactly(2);
    }

    @Test
    void aTaskNoExampleShowsGetsNoDemonstrations() {
        assertThat(demonstrations(index(true), "Summarise in one sentence\nThe council voted for a bike lane."))
                .isEmpty();
    }

    @Test
    void aOneLineRequestAndAnIndexOfChatExamplesKeepEveryExample() {
        assertThat(demonstrations(index(true), "Translate 'good night' to French")).containsExactly(0, 1, 2, 3);
        assertThat(demonstrations(index(false), "Summarise in one sentence\nThe council voted.")).containsExactly(0, 1, 2, 3);
    }
}
