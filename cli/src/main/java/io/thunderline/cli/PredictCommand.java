package io.thunderline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.llm.InstructModel;
import io.thunderline.llm.ModelUnavailableException;
import io.thunderline.llm.PretrainedModelStore;
import io.thunderline.llm.RetrievalChatModel;
import io.thunderline.llm.RetrievalChatModelFile;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.model.TrainedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** {@code thunderline predict MODEL}: one JSON line out per text in. */
final class PredictCommand {

    record Options(Path model, boolean jsonl) {
        static Options parse(String[] args) {
            Path model = null;
            boolean jsonl = false;
            for (String arg : args) {
                if (arg.equals("--jsonl")) {
                    jsonl = true;
                } else if (arg.startsWith("--")) {
                    throw new Main.UsageException("unknown option '" + arg + "'");
                } else if (model == null) {
                    model = Path.of(arg);
                } else {
                    throw new Main.UsageException("one MODEL file only, got also '" + arg + "'");
                }
            }
            if (model == null) {
                throw new Main.UsageException("predict needs the MODEL file written by train (or downloaded from a job)");
            }
            return new Options(model, jsonl);
        }
    }

    private final Options options;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    PredictCommand(Options options, InputStream in, PrintStream out, PrintStream err) {
        this.options = options;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    int run() throws IOException {
        Answerer model = load(options.model());
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        int refused = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String text;
            try {
                text = options.jsonl() ? textOf(line) : line;
            } catch (IllegalArgumentException e) {
                refused++;
                ObjectNode error = EventCodec.mapper().createObjectNode();
                error.put("line", number);
                error.put("error", e.getMessage());
                out.println(EventCodec.mapper().writeValueAsString(error));
                continue;
            }
            out.println(EventCodec.mapper().writeValueAsString(model.answer(text)));
            out.flush();
        }
        if (refused > 0) {
            err.println("thunderline: " + refused + " input line(s) refused (see the \"error\" lines)");
            return 2;
        }
        return 0;
    }

    /** Turns one text into its JSON answer. */
    interface Answerer {
        ObjectNode answer(String text);
    }

    /** A classifier or character model file (TLMF), or a language-model job's file (pretrained model + examples). */
    static Answerer load(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new Main.InputException("no such model file " + path);
        }
        try {
            if (RetrievalChatModelFile.isRetrievalChatModel(bytes)) {
                RetrievalChatModel chat = RetrievalChatModelFile.load(bytes);
                InstructModel llm = InstructModel.shared(PretrainedModelStore.configured(), chat.base());
                SentenceEncoder encoder = MiniLmEncoder.shared();
                return text -> {
                    RetrievalChatModel.Answer a = chat.answer(llm, encoder, text, List.of(), null, piece -> true, () -> false);
                    ObjectNode node = EventCodec.mapper().createObjectNode();
                    node.put("answer", a.text());
                    node.put("source", a.source());
                    return node;
                };
            }
            TrainedModel model = ModelFile.load(new java.io.ByteArrayInputStream(bytes));
            return text -> answer(model, text);
        } catch (IOException | ModelUnavailableException e) {
            throw new Main.InputException(path + ": " + e.getMessage());
        }
    }

    static ObjectNode answer(TrainedModel model, String text) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        if (model instanceof TextClassifier classifier) {
            Prediction p = classifier.predict(text);
            node.put("label", p.label());
            node.put("probability", p.probability());
            ObjectNode probabilities = node.putObject("probabilities");
            p.probabilities().forEach(probabilities::put);
        } else if (model instanceof LanguageModel lm) {
            node.put("answer", lm.complete(text, 200, 0.0, 42));
        } else {
            throw new IllegalStateException("unsupported model " + model.getClass().getSimpleName());
        }
        return node;
    }

    private static String textOf(String line) {
        JsonNode node;
        try {
            node = EventCodec.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: expected {\"text\": \"...\"}");
        }
        JsonNode text = node == null ? null : node.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("field \"text\" missing or not a string: expected {\"text\": \"...\"}");
        }
        return text.asText();
    }
}
