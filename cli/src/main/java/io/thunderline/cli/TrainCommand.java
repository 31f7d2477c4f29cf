package io.thunderline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.eval.Evaluation;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.train.ClassifierTraining;
import io.thunderline.ml.train.TrainingProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code thunderline train}: one classification training as the trainer service runs it. */
final class TrainCommand {

    record Options(ModelType type, Path prompt, Path tsv, Path test, Path out, boolean json, boolean encoder, long budgetSeconds) {

        static Options parse(String[] args) {
            ModelType type = null;
            Path prompt = null;
            Path tsv = null;
            Path test = null;
            Path out = null;
            boolean json = false;
            boolean encoder = true;
            long budget = 60;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model-type" -> type = modelType(value(args, ++i, "--model-type"));
                    case "--prompt" -> prompt = Path.of(value(args, ++i, "--prompt"));
                    case "--tsv" -> tsv = Path.of(value(args, ++i, "--tsv"));
                    case "--test" -> test = Path.of(value(args, ++i, "--test"));
                    case "--out" -> out = Path.of(value(args, ++i, "--out"));
                    case "--json" -> json = true;
                    case "--no-encoder" -> encoder = false;
                    case "--budget" -> budget = seconds(value(args, ++i, "--budget"));
                    default -> throw new Main.UsageException("unknown option '" + args[i] + "'");
                }
            }
            if (type == null) {
                throw new Main.UsageException("--model-type is required (text_classification or sentiment_analysis)");
            }
            if ((prompt == null) == (tsv == null)) {
                throw new Main.UsageException("give exactly one of --prompt FILE or --tsv FILE");
            }
            if (out == null) {
                Path input = prompt != null ? prompt : tsv;
                String name = input.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                out = input.resolveSibling(name + ".model");
            }
            return new Options(type, prompt, tsv, test, out, json, encoder, budget);
        }

        private static ModelType modelType(String value) {
            ModelType type;
            try {
                type = ModelType.fromWire(value);
            } catch (RuntimeException e) {
                throw new Main.UsageException("--model-type: unknown type '" + value
                        + "' (text_classification, sentiment_analysis, instruction_following, general_chat)");
            }
            if (!type.classification()) {
                throw new Main.UsageException("--model-type " + value + ": the command line trains text_classification and "
                        + "sentiment_analysis; language models are trained by the service (./thunderline up) and answer "
                        + "through ./thunderline predict");
            }
            return type;
        }

        private static long seconds(String value) {
            try {
                long s = Long.parseLong(value);
                if (s > 0) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw new Main.UsageException("--budget: expected a positive number of seconds, got '" + value + "'");
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new Main.UsageException(option + " needs a value");
            }
            return args[i];
        }
    }

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() throws IOException {
        LabeledData data = options.prompt() != null ? TrainingInput.prompt(options.prompt(), options.type())
                : TrainingInput.tsv(options.tsv(), "--tsv");
        LabeledData test = options.test() == null ? null : TrainingInput.tsv(options.test(), "--test");
        if (test != null) {
            for (String label : test.labelSet()) {
                if (!data.labelSet().contains(label)) {
                    throw new Main.InputException("--test: label '" + label + "' does not occur in the training data "
                            + data.labelSet());
                }
            }
        }
        ClassifierTraining.Settings settings = ClassifierTraining.Settings.defaults(data.size())
                .withEncoder(options.encoder()).withBudgetMillis(options.budgetSeconds() * 1000);
        TrainingProgress progress = options.json() ? quiet() : TrainingProgress.printing(err);
        long t0 = System.nanoTime();
        ClassifierTraining.Result result = new ClassifierTraining(settings).train(data, progress, CancellationToken.none());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try (OutputStream file = Files.newOutputStream(options.out())) {
            ModelFile.save(result.model(), file);
        }

        ObjectNode report = EventCodec.mapper().createObjectNode();
        report.put("model", options.out().toString());
        report.put("model_type", options.type().wireName());
        report.put("examples", data.size());
        report.set("labels", EventCodec.mapper().valueToTree(result.evaluation().labels()));
        report.put("architecture", result.params().get("architecture"));
        report.put("encoder", result.params().get("encoder"));
        report.put("train_seconds", Math.round(trainSeconds * 100) / 100.0);
        ObjectNode evaluation = report.putObject("evaluation");
        evaluation.put("evaluated_on", result.params().get("evaluated_on"));
        evaluation.put("summary", result.summary());
        result.metrics().forEach(evaluation::put);
        evaluation.set("per_class", perClass(result.evaluation()));
        if (test != null) {
            long p0 = System.nanoTime();
            Evaluation scored = Evaluation.evaluate(result.model(), test);
            double predictSeconds = (System.nanoTime() - p0) / 1e9;
            ObjectNode t = report.putObject("test");
            t.put("examples", scored.examples());
            t.put("accuracy", scored.accuracy());
            t.put("macro_f1", scored.macroF1());
            t.put("loss", scored.loss());
            t.put("predict_examples_per_second", Math.round(scored.examples() / predictSeconds));
            t.set("per_class", perClass(scored));
        }
        if (!options.json()) {
            err.println("model written to " + options.out() + " — " + result.summary());
        }
        out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return 0;
    }

    private static ObjectNode perClass(Evaluation evaluation) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        evaluation.perClass().forEach((label, m) -> {
            ObjectNode c = node.putObject(label);
            c.put("precision", m.precision());
            c.put("recall", m.recall());
            c.put("f1", m.f1());
            c.put("support", m.support());
        });
        return node;
    }

    private static TrainingProgress quiet() {
        return new TrainingProgress() {
            @Override
            public void phase(int number, String message, Map<String, String> params) {
            }

            @Override
            public void log(String level, String line) {
            }
        };
    }
}
