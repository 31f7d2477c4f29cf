package io.thunderline.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code ./thunderline train|predict}: the services' engine on the command line, no stack needed.
 * Exit codes: 0 done, 2 bad arguments or input (the message names the option and the fix), 1 failure.
 */
public final class Main {

    static final String USAGE = """
            usage:
              thunderline train --model-type text_classification|sentiment_analysis (--prompt FILE | --tsv FILE)
                                [--test FILE.tsv] [--out MODEL] [--json] [--no-encoder] [--budget SECONDS]
              thunderline predict MODEL [--jsonl]
            train:   --prompt reads training text as typed into the page (the same parser as dataset-service);
                     --tsv reads label<TAB>text lines (a header line "label<TAB>text" is optional).
                     Progress goes to standard error, the metrics as JSON to standard output
                     (--json: only the JSON). The model is written to --out (default: FILE with .model).
            predict: one text per line of standard input (--jsonl: one {"text": ...} object per line, for
                     texts with line breaks), one JSON line per input: a classifier's label and every class
                     probability, or a language-model job's {"answer": ...} (its file comes from
                     GET /models/{jobId}/file; it needs the pretrained model of bin/fetch-models).
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        try {
            return switch (args[0]) {
                case "train" -> new TrainCommand(TrainCommand.Options.parse(rest), out, err).run();
                case "predict" -> new PredictCommand(PredictCommand.Options.parse(rest), in, out, err).run();
                default -> throw new UsageException("unknown command '" + args[0] + "': use train or predict");
            };
        } catch (UsageException e) {
            err.println("thunderline: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (InputException e) {
            err.println("thunderline: " + e.getMessage());
            return 2;
        } catch (RuntimeException | java.io.IOException e) {
            err.println("thunderline: failed: " + e.getMessage());
            return 1;
        }
    }

    /** Wrong or missing options. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Input files that cannot be used (missing, unparsable), with the line and the fix. */
    static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }
}
