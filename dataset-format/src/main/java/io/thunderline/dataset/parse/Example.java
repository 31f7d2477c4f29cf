package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.List;

/**
 * One training example. Every example is exactly one row of the canonical CSV of its model type
 * ({@link #csvHeader(ModelType)} gives the columns, {@link #csvRow()} the values).
 */
public sealed interface Example permits ClassificationExample, InstructionExample, ChatExample {

    /** The 1-based line where the example starts in the submitted text or CSV (0 when unknown). */
    int line();

    /** The values of this example's canonical CSV row, in the order of {@link #csvHeader(ModelType)}. */
    List<String> csvRow();

    /**
     * The canonical CSV columns of a model type: {@code text,label} for classification and sentiment,
     * {@code instruction,input,output} for instruction following, {@code prompt,response} for chat.
     */
    static List<String> csvHeader(ModelType type) {
        return CsvColumns.header(type);
    }
}
