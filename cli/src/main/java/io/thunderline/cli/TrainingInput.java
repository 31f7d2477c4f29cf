package io.thunderline.cli;

import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.ClassificationExample;
import io.thunderline.dataset.parse.DatasetValidator;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.parse.Limits;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.ml.data.LabeledData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads labelled examples from a prompt file (dataset-service's parser and checks) or a TSV file. */
final class TrainingInput {

    private TrainingInput() {
    }

    static LabeledData prompt(Path file, ModelType type) throws IOException {
        String text = read(file, "--prompt");
        ParseResult result = DatasetValidator.validate(PromptParser.parse(text, type, Limits.defaults()), Limits.defaults());
        if (!result.ok()) {
            throw new Main.InputException(file + " cannot be used:\n" + result.errors().stream()
                    .map(ParseIssue::toString).map(s -> "  " + s).collect(Collectors.joining("\n")));
        }
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Example e : result.examples()) {
            ClassificationExample c = (ClassificationExample) e;
            texts.add(c.text());
            labels.add(c.label());
        }
        return new LabeledData(texts, labels);
    }

    /** label TAB text per line; blank lines skipped; an optional header "label TAB text". */
    static LabeledData tsv(Path file, String option) throws IOException {
        List<String> lines = List.of(read(file, option).split("\r?\n"));
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.strip().equalsIgnoreCase("label\ttext"))) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                throw new Main.InputException(file + " line " + (i + 1) + ": expected label<TAB>text, got \""
                        + abbreviate(line) + "\" (separate the label from the text with one tab character)");
            }
            labels.add(line.substring(0, tab).strip());
            texts.add(line.substring(tab + 1).strip());
        }
        if (texts.isEmpty()) {
            throw new Main.InputException(file + " holds no examples (expected label<TAB>text lines)");
        }
        return new LabeledData(texts, labels);
    }

    private static String read(Path file, String option) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Main.InputException(option + ": no such file " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Main.InputException(option + ": " + file + " is not UTF-8 text");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
