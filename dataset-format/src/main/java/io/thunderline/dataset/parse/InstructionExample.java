package io.thunderline.dataset.parse;

import java.util.List;
import java.util.Objects;

/**
 * An instruction-following example: what to do, on what, and the expected answer.
 *
 * @param task     the instruction ("Task:" in the prompt format, column {@code instruction} in CSV)
 * @param input    the optional input the task applies to; empty string when there is none
 * @param expected the expected answer ("Expected:", column {@code output})
 * @param line     the 1-based line where the example starts (0 when unknown)
 */
public record InstructionExample(String task, String input, String expected, int line) implements Example {

    public InstructionExample {
        Objects.requireNonNull(task, "task");
        input = input == null ? "" : input;
        Objects.requireNonNull(expected, "expected");
    }

    /** {@code [instruction, input, output]}. */
    @Override
    public List<String> csvRow() {
        return List.of(task, input, expected);
    }
}
