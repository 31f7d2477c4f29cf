package io.thunderline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TextClassifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path resource(String name) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in = MainTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void trainsFromAPromptReportsTheEstimateAndTheTestSetThenPredictsLikeTheModel() throws Exception {
        Path prompt = resource("news-prompt.txt");
        Path fresh = resource("news-topics-fresh.tsv");
        Path model = dir.resolve("news.model");
        Run train = run("", "train", "--model-type", "text_classification", "--prompt", prompt.toString(),
                "--test", fresh.toString(), "--out", model.toString(), "--json");
        assertThat(train.exit()).as(train.err()).isZero();
        JsonNode report = EventCodec.mapper().readTree(train.out());
        assertThat(report.get("examples").asInt()).isEqualTo(16);
        assertThat(report.at("/evaluation/evaluated_on").asText()).isEqualTo("cross_validation");
        assertThat(report.at("/evaluation/cv_f1_std").isNumber()).isTrue();
        assertThat(report.at("/evaluation/summary").asText()).contains("16 examples, 4-fold estimate");
        assertThat(report.at("/test/examples").asInt()).isEqualTo(12);
        assertThat(report.at("/test/accuracy").asDouble()).isGreaterThanOrEqualTo(10 / 12.0);
        assertThat(report.at("/test/per_class/science/recall").isNumber()).isTrue();
        assertThat(train.err()).isEmpty();

        Run predict = run("The goalkeeper saved a penalty in stoppage time.\n\n{\"not\":\"text\"}\n", "predict", model.toString());
        String[] lines = predict.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        TextClassifier loaded;
        try (InputStream in = Files.newInputStream(model)) {
            loaded = ModelFile.loadClassifier(in);
        }
        JsonNode first = EventCodec.mapper().readTree(lines[0]);
        var expected = loaded.predict("The goalkeeper saved a penalty in stoppage time.");
        assertThat(first.get("label").asText()).isEqualTo(expected.label()).isEqualTo("sports");
        assertThat(first.get("probabilities")).hasSize(4);
        assertThat(first.at("/probabilities/sports").asDouble()).isEqualTo(expected.probabilities().get("sports"));

        Run jsonl = run("{\"text\": \"Inflation slowed to 3 percent.\\nMarkets rallied.\"}\nnot json\n",
                "predict", model.toString(), "--jsonl");
        assertThat(jsonl.exit()).isEqualTo(2);
        String[] out = jsonl.out().strip().split("\n");
        assertThat(EventCodec.mapper().readTree(out[0]).get("label").asText()).isEqualTo("business");
        assertThat(EventCodec.mapper().readTree(out[1]).get("error").asText()).contains("expected {\"text\"");
    }

    @Test
    void aLanguageModelJobFileAnswersThroughTheSameCommand() throws Exception {
        var examples = java.util.List.of(
                new io.thunderline.ml.model.PromptResponse("How long do I boil an egg?", "Boil it for about 9 minutes."),
                new io.thunderline.ml.model.PromptResponse("How do I store fresh basil?", "Keep it in water at room temperature."));
        var encoder = io.thunderline.ml.embed.MiniLmEncoder.shared();
        var model = new io.thunderline.llm.RetrievalChatModel(io.thunderline.llm.PretrainedModel.SMOLLM2_135M_INSTRUCT,
                encoder.info(), io.thunderline.llm.ExampleIndex.build(examples, encoder),
                new io.thunderline.llm.RetrievalChatModel.Settings(2, 0.0, 24, 1.0, io.thunderline.llm.RetrievalChatModel.SELECTOR_OFF, 42),
                java.util.Map.of("test", "1"));
        Path file = dir.resolve("chat.model");
        Files.write(file, io.thunderline.llm.RetrievalChatModelFile.save(model));
        Run predict = run("How many minutes should an egg boil?\n", "predict", file.toString());
        assertThat(predict.exit()).as(predict.err()).isZero();
        JsonNode answer = EventCodec.mapper().readTree(predict.out().strip());
        assertThat(answer.get("answer").asText()).isNotBlank();
        assertThat(answer.get("source").asText()).isNotBlank();
    }

    @Test
    void badArgumentsAndInputsNameTheOptionAndTheFix() throws Exception {
        Run noType = run("", "train", "--tsv", "x.tsv");
        assertThat(noType.exit()).isEqualTo(2);
        assertThat(noType.err()).contains("--model-type is required");

        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "label\ttext\nsports\tA goal.\nno tab on this line\n");
        Run badLine = run("", "train", "--model-type", "text_classification", "--tsv", bad.toString());
        assertThat(badLine.exit()).isEqualTo(2);
        assertThat(badLine.err()).contains("line 3: expected label<TAB>text");

        Path oneClass = dir.resolve("one.txt");
        Files.writeString(oneClass, "good film -> positive\ngreat film -> positive\n");
        Run refused = run("", "train", "--model-type", "sentiment_analysis", "--prompt", oneClass.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot be used");

        Run lm = run("", "train", "--model-type", "general_chat", "--tsv", bad.toString());
        assertThat(lm.err()).contains("language models are trained by the service");

        Run missing = run("", "predict", dir.resolve("none.model").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such model file");
    }
}
