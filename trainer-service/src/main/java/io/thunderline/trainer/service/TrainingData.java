package io.thunderline.trainer.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.PromptResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads dataset-service's canonical CSV into what ml-core trains on. */
public final class TrainingData {
    private TrainingData() {
    }

    public static LabeledData classification(String csv) {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (CSVRecord r : records(csv, "text", "label")) {
            texts.add(r.get("text"));
            labels.add(r.get("label"));
        }
        return new LabeledData(texts, labels);
    }

    /** Instruction rows (instruction, input, output) or chat rows (prompt, response) as prompt/response pairs. */
    public static List<PromptResponse> pairs(String csv, ModelType type) {
        List<PromptResponse> pairs = new ArrayList<>();
        if (type == ModelType.INSTRUCTION_FOLLOWING) {
            for (CSVRecord r : records(csv, "instruction", "input", "output")) {
                String input = r.get("input");
                String prompt = input == null || input.isBlank() ? r.get("instruction") : r.get("instruction") + "\n" + input;
                pairs.add(new PromptResponse(prompt, r.get("output")));
            }
        } else {
            for (CSVRecord r : records(csv, "prompt", "response")) {
                pairs.add(new PromptResponse(r.get("prompt"), r.get("response")));
            }
        }
        return pairs;
    }

    private static List<CSVRecord> records(String csv, String... columns) {
        String body = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body))) {
            for (String column : columns) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException("the dataset has no '" + column + "' column (columns: "
                            + parser.getHeaderNames() + ")");
                }
            }
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
