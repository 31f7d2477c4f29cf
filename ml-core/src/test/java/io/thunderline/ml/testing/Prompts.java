package io.thunderline.ml.testing;

import io.thunderline.ml.data.LabeledData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the test prompts in src/test/resources/prompts (TSV: label, tab, text; header optional). */
public final class Prompts {

    private Prompts() {
    }

    public static LabeledData read(String name) throws IOException {
        try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name)) {
            if (in == null) {
                throw new IOException("no test prompt " + name);
            }
            List<String> texts = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.equals("label\ttext")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                labels.add(line.substring(0, tab));
                texts.add(line.substring(tab + 1));
            }
            return new LabeledData(texts, labels);
        }
    }
}
