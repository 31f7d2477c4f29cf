package io.thunderline.trainer.engine;

import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.PromptResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
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

    /** Training rows as canonical CSV (text,label), as sent to a remote Cerebros service. */
    public static String classificationCsv(LabeledData data) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("text", "label").get())) {
            for (int i = 0; i < data.size(); i++) {
                printer.printRecord(data.texts().get(i), data.labels().get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Prompt/response pairs as CSV (prompt,response). */
    public static String pairsCsv(List<PromptResponse> pairs) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("prompt", "response").get())) {
            for (PromptResponse p : pairs) {
                printer.printRecord(p.prompt(), p.response());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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
