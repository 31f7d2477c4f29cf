package io.thunderline.llm;

import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.model.LanguageModel;
import io.thunderline.ml.model.LanguageModelConfig;
import io.thunderline.ml.model.LanguageModelTrainer;
import io.thunderline.ml.model.PromptResponse;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a job's {@link RetrievalChatModel} from the user's examples and evaluates it honestly: every evaluated
 * example is answered from the other folds' examples only (leave-one-out up to {@code maxFolds} examples, k-fold
 * beyond), and scored by ROUGE-L and sentence-embedding cosine against its expected answer. The same held-out
 * examples are answered by (a) ml-core's character language model trained on the same folds, (b) the base instruct
 * model zero-shot and (c) the job's model. The generation settings (number of examples in the prompt, temperature,
 * repetition penalty; max tokens from the length of the example answers) and whether the stored-answer selector is
 * on are chosen on the same held-out answers. So that picking the best of several candidates does not flatter the
 * reported score, each example's reported answer for (c) comes from the configuration that scores best on the
 * <em>other</em> held-out examples (nested leave-one-out selection); the model itself keeps the configuration best on
 * all of them. Every candidate's plain held-out score is returned too.
 *
 * <p>Over 300 lines because the nested selection (folds × candidate settings × systems) is one algorithm whose steps
 * share its score tables; split, they would pass those tables around.
 */
public final class RetrievalChatTrainer {

    /** Systems compared; the keys of {@link Result#scores()}. */
    public static final String JOB = "job";
    public static final String BASE = "base";
    public static final String CHAR = "char";
    /** Selector thresholds tried (cosine of the nearest example's prompt), after "off". */
    static final double[] SELECTOR_THRESHOLDS = {0.95, 0.9, 0.85, 0.8};
    /**
     * Below this many examples the job keeps the default settings instead of choosing among candidates: with a handful
     * of held-out answers the choice follows noise (in the 2026-12-05 run the 6-example instruction set was the one
     * where nested selection scored below the default).
     */
    static final int MIN_EXAMPLES_TO_CHOOSE = 8;
    /** The selector is switched on only if it beats "off" by more than this (mean of ROUGE-L and cosine). */
    static final double SELECTOR_MIN_GAIN = 0.005;

    /**
     * @param maxFolds     folds of the cross-validation (leave-one-out when there are at most this many examples)
     * @param maxEvaluated held-out examples answered at most (a seeded sample beyond), bounds the job's time
     * @param seed         seed of the sample, the folds and the sampling
     * @param charBaseline also train and score ml-core's character model (baseline a)
     * @param byTask       instruction examples: a request is demonstrated by examples of its own task only
     *                     ({@link ExampleIndex#demonstrations})
     * @param lengthHint   prompts without examples are told the length of the user's answers
     *                     ({@link RetrievalChatModel.Settings#lengthHint()}; off only to measure what it gives)
     */
    public record Options(int maxFolds, int maxEvaluated, int seed, boolean charBaseline, boolean byTask,
                          boolean lengthHint) {
        public Options(int maxFolds, int maxEvaluated, int seed, boolean charBaseline) {
            this(maxFolds, maxEvaluated, seed, charBaseline, false, true);
        }

        public static Options defaults() {
            return new Options(10, 24, 42, true);
        }

        public Options withByTask(boolean on) {
            return new Options(maxFolds, maxEvaluated, seed, charBaseline, on, lengthHint);
        }

        public Options withLengthHint(boolean on) {
            return new Options(maxFolds, maxEvaluated, seed, charBaseline, byTask, on);
        }
    }

    /** Progress for the job's log. */
    public interface Listener {
        Listener NONE = message -> {
        };

        void step(String message);

        /** A stage starts: "select" (settings on held-out examples), then "baselines" (scores of (a) and (b)). */
        default void stage(String name, String detail) {
        }
    }

    /** One held-out example answered by the three systems. */
    public record ExampleResult(int index, int fold, String prompt, String expected, double nearestCosine,
                                String job, String jobSource, double rougeJob, double cosineJob,
                                String base, double rougeBase, double cosineBase,
                                String charModel, double rougeChar, double cosineChar) {
    }

    /** Mean held-out scores of one system. */
    public record Score(double rougeL, double cosine, int examples) {
        public double combined() {
            return (rougeL + cosine) / 2;
        }
    }

    /** A settings candidate and its held-out scores. */
    public record Candidate(RetrievalChatModel.Settings settings, Score score) {
    }

    /**
     * @param model            the job's model, indexing every example
     * @param examples         per held-out example results
     * @param scores           job / base / char (char absent when not run)
     * @param candidates       every settings candidate tried, in the order tried
     * @param scheme           e.g. "leave-one-out over 6 examples"
     * @param trainMillis      encoding the examples + choosing the settings on held-out examples
     * @param evaluationMillis answering with the baselines
     * @param generatedTokens  tokens generated by the instruct model in all of it
     * @param decodeMillis     time spent generating them (after each first token)
     */
    public record Result(RetrievalChatModel model, List<ExampleResult> examples, Map<String, Score> scores,
                         List<Candidate> candidates, String scheme, long trainMillis, long evaluationMillis,
                         long generatedTokens, long decodeMillis) {
        public double tokensPerSecond() {
            return decodeMillis <= 0 ? Double.NaN : generatedTokens * 1000.0 / decodeMillis;
        }
    }

    private final InstructModel llm;
    private final SentenceEncoder encoder;
    private final Options options;
    private long generatedTokens;
    private long decodeMillis;

    public RetrievalChatTrainer(InstructModel llm, SentenceEncoder encoder, Options options) {
        this.llm = llm;
        this.encoder = encoder;
        this.options = options;
    }

    public Result train(List<PromptResponse> examples, Listener listener, CancellationToken cancel) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples: add prompt/response pairs");
        }
        long t0 = System.nanoTime();
        int n = examples.size();
        ExampleIndex index = ExampleIndex.build(examples, encoder, options.byTask());
        int maxTokens = maxTokens(examples);
        listener.step(String.format("%d examples encoded with %s in %d ms; answers get at most %d tokens "
                + "(1.25 x the longest example answer + 8)", n, encoder.info().name(), (System.nanoTime() - t0) / 1_000_000, maxTokens));

        // folds: seeded permutation, example -> fold; the evaluated examples are a seeded sample
        int folds = Math.min(n, options.maxFolds());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(options.seed()));
        int[] fold = new int[n];
        for (int p = 0; p < n; p++) {
            fold[order.get(p)] = p % folds;
        }
        List<Integer> evaluated = new ArrayList<>(order.subList(0, n < 2 ? 0 : Math.min(n, options.maxEvaluated())));
        Collections.sort(evaluated);
        String scheme = n < 2 ? "none (one example: nothing to hold out)"
                : (folds == n ? "leave-one-out" : folds + "-fold cross-validation") + " over " + n + " examples"
                + (evaluated.size() < n ? ", " + evaluated.size() + " of them answered (seeded sample)" : "");

        List<Candidate> candidates = new ArrayList<>();
        RetrievalChatModel.Settings chosen = defaultSettings(n, maxTokens);
        Map<String, Score> scores = new LinkedHashMap<>();
        List<ExampleResult> results = new ArrayList<>();
        long trainMillis;
        long evalStart;
        if (evaluated.isEmpty()) {
            trainMillis = (System.nanoTime() - t0) / 1_000_000;
            evalStart = System.nanoTime();
        } else {
            List<String> expected = new ArrayList<>();
            for (int e : evaluated) {
                expected.add(examples.get(e).response());
            }
            float[][] expectedVectors = encoder.encodeAll(expected);

            boolean choose = n >= MIN_EXAMPLES_TO_CHOOSE;
            listener.stage("select", !choose
                    ? "the default settings (fewer than " + MIN_EXAMPLES_TO_CHOOSE + " examples: too few to choose "
                    + "among candidates): " + defaultSettings(n, maxTokens).describe() + ", answering "
                    + evaluated.size() + " held-out examples (" + scheme + ")"
                    : candidates(n, maxTokens).size() + 1 + " settings candidates, each answering " + evaluated.size()
                    + " held-out examples (" + scheme + ")");
            // (c) candidates: one generation per held-out example each, from the other folds' examples only
            List<RetrievalChatModel.Settings> tried = new ArrayList<>(candidates(n, maxTokens));
            int m = evaluated.size();
            List<String[]> generatedText = new ArrayList<>();
            List<float[][]> vectorsOf = new ArrayList<>();
            List<double[]> rougeOf = new ArrayList<>();
            List<double[]> cosineOf = new ArrayList<>();
            // the examples the first candidate showed each held-out request: what its second draft is judged by
            List<List<ExampleIndex.Neighbour>> firstShots = new ArrayList<>();
            for (int c = 0; c < tried.size(); c++) {
                List<String> a = new ArrayList<>();
                for (int e : evaluated) {
                    cancel.throwIfCancelled();
                    RetrievalChatModel.Answer answer = count(RetrievalChatModel.respond(llm, encoder, index,
                            i -> fold[i] == fold[e], index.vector(e), List.of(), examples.get(e).prompt(), tried.get(c),
                            TokenSink.NONE, cancel::isCancelled));
                    a.add(answer.text());
                    if (c == 0) {
                        firstShots.add(answer.neighbours());
                    }
                }
                addCandidate(tried.get(c), a, encoder.encodeAll(a), expectedVectors, expected, generatedText, vectorsOf,
                        rougeOf, cosineOf, candidates, listener);
            }
            // two drafts, with and without the examples: no generation of its own, both are answers of candidates above
            int zeroShot = zeroShotCandidate(tried);
            if (zeroShot > 0) {
                float[][] answerVectors = encoder.encodeAll(examples.stream().map(PromptResponse::response).toList());
                List<String> kept = new ArrayList<>();
                float[][] keptVectors = new float[m][];
                for (int k = 0; k < m; k++) {
                    // the first candidate's answer when it showed no example: then both prompts are the same
                    int pick = firstShots.get(k).isEmpty() ? DraftChoice.WITH_EXAMPLES
                            : DraftChoice.pick(index.vector(evaluated.get(k)), firstShots.get(k).stream()
                                            .map(shot -> answerVectors[shot.index()]).toList(),
                                    vectorsOf.get(0)[k], vectorsOf.get(zeroShot)[k]);
                    int from = pick == DraftChoice.WITH_EXAMPLES ? 0 : zeroShot;
                    kept.add(generatedText.get(from)[k]);
                    keptVectors[k] = vectorsOf.get(from)[k];
                }
                tried.add(tried.get(0).withDrafts(true));
                addCandidate(tried.get(tried.size() - 1), kept, keptVectors, expectedVectors, expected, generatedText,
                        vectorsOf, rougeOf, cosineOf, candidates, listener);
            }

            // the stored-answer selector needs no generation: the nearest training example is known per example
            double[] nearest = new double[m];
            String[] nearestAnswer = new String[m];
            for (int k = 0; k < m; k++) {
                int e = evaluated.get(k);
                List<ExampleIndex.Neighbour> top = index.demonstrations(index.vector(e), examples.get(e).prompt(), 1,
                        i -> fold[i] == fold[e]);
                nearest[k] = top.isEmpty() ? -1 : top.get(0).cosine();
                nearestAnswer[k] = top.isEmpty() ? "" : top.get(0).example().response();
            }
            double[] storedRouge = new double[m];
            double[] storedCosine = new double[m];
            perExample(List.of(nearestAnswer), encoder.encodeAll(List.of(nearestAnswer)), expectedVectors, expected,
                    storedRouge, storedCosine);

            // configurations = candidate x selector threshold; per example the answer and its score are known
            double[] thresholds = new double[n < MIN_EXAMPLES_TO_CHOOSE ? 1 : SELECTOR_THRESHOLDS.length + 1];
            thresholds[0] = RetrievalChatModel.SELECTOR_OFF;
            System.arraycopy(SELECTOR_THRESHOLDS, 0, thresholds, 1, thresholds.length - 1);
            // the default first (what bestConfig keeps unless another is clearly better); below MIN_EXAMPLES_TO_CHOOSE
            // it is the only one eligible: the others were generated as its drafts
            List<Integer> eligible = new ArrayList<>();
            eligible.add(Math.max(0, tried.indexOf(defaultSettings(n, maxTokens))));
            for (int c = 0; c < tried.size(); c++) {
                if (choose && c != eligible.get(0)) {
                    eligible.add(c);
                }
            }
            int configs = eligible.size() * thresholds.length;
            double[][] combined = new double[configs][m];
            for (int row = 0; row < eligible.size(); row++) {
                int c = eligible.get(row);
                for (int t = 0; t < thresholds.length; t++) {
                    for (int k = 0; k < m; k++) {
                        boolean stored = nearest[k] >= thresholds[t];
                        combined[row * thresholds.length + t][k] = stored ? (storedRouge[k] + storedCosine[k]) / 2
                                : (rougeOf.get(c)[k] + cosineOf.get(c)[k]) / 2;
                    }
                }
            }
            for (int t = 1; t < thresholds.length; t++) {
                int c = eligible.get(bestConfig(combined, thresholds.length, -1) / thresholds.length);
                List<String> texts = new ArrayList<>();
                boolean fires = false;
                for (int k = 0; k < m; k++) {
                    boolean stored = nearest[k] >= thresholds[t];
                    fires |= stored;
                    texts.add(stored ? nearestAnswer[k] : generatedText.get(c)[k]);
                }
                if (fires) {
                    Score s = perExample(texts, encoder.encodeAll(texts), expectedVectors, expected, new double[m],
                            new double[m]);
                    candidates.add(new Candidate(tried.get(c).withSelector(thresholds[t]), s));
                    listener.step(String.format("stored answer when the nearest example has cosine >= %.2f: ROUGE-L %.3f, cosine %.3f",
                            thresholds[t], s.rougeL(), s.cosine()));
                }
            }
            // the model's settings: the best configuration on all held-out examples
            int bestAll = bestConfig(combined, thresholds.length, -1);
            chosen = tried.get(eligible.get(bestAll / thresholds.length))
                    .withSelector(thresholds[bestAll % thresholds.length]);
            trainMillis = (System.nanoTime() - t0) / 1_000_000;
            listener.step("chosen on held-out examples: " + chosen.describe());

            // what is reported for (c): each example answered by the configuration chosen WITHOUT that example's score
            // (nested leave-one-out selection), so picking the best of several candidates does not flatter the score
            List<String> jobTexts = new ArrayList<>();
            List<String> jobSources = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                int cfg = m > 1 ? bestConfig(combined, thresholds.length, k) : bestAll;
                boolean stored = nearest[k] >= thresholds[cfg % thresholds.length];
                jobTexts.add(stored ? nearestAnswer[k] : generatedText.get(eligible.get(cfg / thresholds.length))[k]);
                jobSources.add(stored ? "stored" : "generated");
            }
            evalStart = System.nanoTime();
            listener.stage("baselines", "the same " + evaluated.size() + " held-out examples answered by the base model "
                    + "zero-shot" + (options.charBaseline() ? " and by the character model trained on the same folds" : ""));

            // (b) base model zero-shot, same length limit, greedy, the plain system prompt: the zero-shot candidate's
            // answers when it ran without the length hint (the same prompts and settings, so the same text), else
            // generated here
            List<String> baseTexts = new ArrayList<>();
            GenerationSettings zero = new GenerationSettings(maxTokens, 0.0, options.seed(), chosen.repeatPenalty(), 64);
            if (zeroShot >= 0 && tried.get(zeroShot).generation().equals(zero) && !tried.get(zeroShot).lengthHint()) {
                baseTexts.addAll(List.of(generatedText.get(zeroShot)));
            } else {
                for (int e : evaluated) {
                    cancel.throwIfCancelled();
                    Generation g = llm.generate(RetrievalChatModel.zeroShot(examples.get(e).prompt()), zero,
                            TokenSink.NONE, cancel::isCancelled);
                    count(g);
                    baseTexts.add(g.text());
                }
            }
            // (a) the character model, trained per fold on the same training examples
            List<String> charTexts = options.charBaseline() ? charAnswers(examples, evaluated, fold, folds, cancel) : null;

            float[][] jobV = encoder.encodeAll(jobTexts);
            float[][] baseV = encoder.encodeAll(baseTexts);
            float[][] charV = charTexts == null ? null : encoder.encodeAll(charTexts);
            for (int k = 0; k < evaluated.size(); k++) {
                int e = evaluated.get(k);
                String exp = expected.get(k);
                results.add(new ExampleResult(e, fold[e], examples.get(e).prompt(), exp, nearest[k],
                        jobTexts.get(k), jobSources.get(k), Rouge.rougeL(exp, jobTexts.get(k)), dot(jobV[k], expectedVectors[k]),
                        baseTexts.get(k), Rouge.rougeL(exp, baseTexts.get(k)), dot(baseV[k], expectedVectors[k]),
                        charTexts == null ? null : charTexts.get(k),
                        charTexts == null ? Double.NaN : Rouge.rougeL(exp, charTexts.get(k)),
                        charTexts == null ? Double.NaN : dot(charV[k], expectedVectors[k])));
            }
            scores.put(JOB, mean(results, ExampleResult::rougeJob, ExampleResult::cosineJob));
            scores.put(BASE, mean(results, ExampleResult::rougeBase, ExampleResult::cosineBase));
            if (charTexts != null) {
                scores.put(CHAR, mean(results, ExampleResult::rougeChar, ExampleResult::cosineChar));
            }
        }
        long evaluationMillis = (System.nanoTime() - evalStart) / 1_000_000;

        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "llm-core RetrievalChatTrainer");
        provenance.put("examples", Integer.toString(n));
        provenance.put("evaluation", scheme);
        provenance.put("settings", chosen.describe());
        scores.forEach((k, v) -> provenance.put("heldout_" + k, String.format("rougeL %.4f cosine %.4f", v.rougeL(), v.cosine())));
        RetrievalChatModel model = new RetrievalChatModel(llm.info(), encoder.info(), index, chosen, provenance);
        return new Result(model, results, scores, candidates, scheme, trainMillis, evaluationMillis, generatedTokens,
                decodeMillis);
    }

    /**
     * Candidates that generate: the 8, 4 and 2 nearest examples greedy; the 4 nearest at temperature 0.7; and no
     * examples at all (the base model zero-shot, greedy), so a job whose examples mislead the model can still choose
     * not to show them (duplicates dropped when there are few examples). The trainer adds one more that generates
     * nothing of its own: the first candidate with a second draft, the zero-shot one ({@link DraftChoice}). A
     * repetition penalty of 1.15 was a candidate until the 2026-12-05 run: it was never chosen, and it also penalises
     * copying facts from the prompt. Below {@link #MIN_EXAMPLES_TO_CHOOSE} examples only the first and the zero-shot
     * one generate, for the two drafts of the default ({@link #defaultSettings}). Every candidate tells the model the
     * length of the user's answers when it prompts without examples ({@link RetrievalChatModel.Settings#lengthHint()}).
     * On the four sets of bench/llm (run 20261207T113442Z against 20261207T115102Z-no-length-hint) it raised the
     * zero-shot answers' ROUGE-L on all four and their cosine on three (chatterbot-tech-support fell, 0.490 to 0.380),
     * and the two-draft answers' scores on three, lowering them on templates-instruction (6 examples).
     */
    List<RetrievalChatModel.Settings> candidates(int n, int maxTokens) {
        int available = Math.max(0, n - 1);
        RetrievalChatModel.Settings nearest = candidate(Math.min(4, available), 0.0, maxTokens);
        RetrievalChatModel.Settings zeroShot = candidate(0, 0.0, maxTokens);
        List<RetrievalChatModel.Settings> drawn = n < MIN_EXAMPLES_TO_CHOOSE
                ? List.of(nearest, zeroShot)
                : List.of(nearest, candidate(Math.min(8, available), 0.0, maxTokens),
                        candidate(Math.min(2, available), 0.0, maxTokens),
                        candidate(Math.min(4, available), 0.7, maxTokens), zeroShot);
        List<RetrievalChatModel.Settings> out = new ArrayList<>();
        for (RetrievalChatModel.Settings s : drawn) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** A candidate without repetition penalty or stored-answer selector, with the job's seed and length-hint option. */
    private RetrievalChatModel.Settings candidate(int shots, double temperature, int maxTokens) {
        return new RetrievalChatModel.Settings(shots, temperature, maxTokens, 1.0, RetrievalChatModel.SELECTOR_OFF,
                options.seed()).withLengthHint(options.lengthHint());
    }

    /**
     * The default settings: the 4 nearest examples greedy, with a second draft written without them. With fewer than
     * {@link #MIN_EXAMPLES_TO_CHOOSE} examples the job keeps them; with more, another candidate replaces them only
     * when it is clearly better on the held-out answers ({@link #bestConfig}). On the four sets of bench/llm (run
     * 20261207T073522Z, plain held-out scores) the kept drafts scored above the base model zero-shot on both scores of
     * every set, where the 4 nearest examples alone were below it on two.
     */
    RetrievalChatModel.Settings defaultSettings(int n, int maxTokens) {
        RetrievalChatModel.Settings first = candidates(n, maxTokens).get(0);
        return first.shots() > 0 ? first.withDrafts(true) : first;
    }

    /** Position of the zero-shot candidate among those that generate, -1 when there is none. */
    private static int zeroShotCandidate(List<RetrievalChatModel.Settings> tried) {
        for (int c = 0; c < tried.size(); c++) {
            if (tried.get(c).shots() == 0 && !tried.get(c).drafts()) {
                return c;
            }
        }
        return -1;
    }

    /** Scores a candidate's held-out answers (with their sentence vectors) and records them. */
    private void addCandidate(RetrievalChatModel.Settings settings, List<String> answers, float[][] vectors,
                              float[][] expectedVectors, List<String> expected, List<String[]> generatedText,
                              List<float[][]> vectorsOf, List<double[]> rougeOf, List<double[]> cosineOf,
                              List<Candidate> candidates, Listener listener) {
        double[] rouge = new double[answers.size()];
        double[] cosine = new double[answers.size()];
        Score s = perExample(answers, vectors, expectedVectors, expected, rouge, cosine);
        generatedText.add(answers.toArray(String[]::new));
        vectorsOf.add(vectors);
        rougeOf.add(rouge);
        cosineOf.add(cosine);
        candidates.add(new Candidate(settings, s));
        listener.step(String.format("held-out answers with %s: ROUGE-L %.3f, cosine %.3f", settings.describe(),
                s.rougeL(), s.cosine()));
    }

    /** 1.25 x the longest example answer in tokens, plus 8, within 16..512. */
    int maxTokens(List<PromptResponse> examples) {
        int longest = 0;
        for (PromptResponse p : examples) {
            longest = Math.max(longest, llm.countTokens(p.response()));
        }
        return Math.max(16, Math.min(512, (int) Math.ceil(longest * 1.25) + 8));
    }

    private List<String> charAnswers(List<PromptResponse> examples, List<Integer> evaluated, int[] fold, int folds,
                                     CancellationToken cancel) {
        int longest = examples.stream().mapToInt(p -> p.response().length()).max().orElse(100);
        int maxChars = Math.max(20, Math.min(1000, (int) Math.ceil(longest * 1.25)));
        Map<Integer, LanguageModel> byFold = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (int e : evaluated) {
            LanguageModel m = byFold.computeIfAbsent(fold[e], f -> {
                List<PromptResponse> train = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) {
                    if (fold[i] != f) {
                        train.add(examples.get(i));
                    }
                }
                LanguageModelConfig config = LanguageModelConfig.defaults().withHashDims(1 << 16).withSeed(options.seed());
                return new LanguageModelTrainer(config).train(train, SearchListener.NONE, cancel);
            });
            out.add(m.complete(examples.get(e).prompt(), maxChars, 0.0, options.seed()));
        }
        return out;
    }

    private RetrievalChatModel.Answer count(RetrievalChatModel.Answer a) {
        if (a.generation() != null) {
            count(a.generation());
        }
        return a;
    }

    private void count(Generation g) {
        generatedTokens += Math.max(0, g.tokens() - 1);
        decodeMillis += g.millis() - g.firstTokenMillis();
    }

    /**
     * Scores each text (sentence vectors {@code v}) against its expected answer into {@code rouge} and {@code cosine};
     * returns the means.
     */
    private static Score perExample(List<String> texts, float[][] v, float[][] expectedVectors, List<String> expected,
                                    double[] rouge, double[] cosine) {
        double r = 0;
        double c = 0;
        for (int k = 0; k < texts.size(); k++) {
            rouge[k] = Rouge.rougeL(expected.get(k), texts.get(k));
            cosine[k] = dot(v[k], expectedVectors[k]);
            r += rouge[k];
            c += cosine[k];
        }
        return new Score(r / texts.size(), c / texts.size(), texts.size());
    }

    /**
     * The configuration (candidate x threshold, threshold index fastest) with the best mean combined score over the
     * held-out examples other than {@code leaveOut} (-1: all). A configuration with the selector on must beat the
     * best one without it by {@link #SELECTOR_MIN_GAIN}; ties go to the earlier configuration. Configuration 0 is the
     * default, and the best one replaces it only when it is clearly better ({@link #clearlyBetter}): among candidates
     * that score alike on a few dozen held-out answers the best one is mostly noise, and choosing it made the nested
     * estimate flip between them (chatterbot-science in run 20261207T073522Z: 0.121 / 0.430 where each of the two
     * near-equal candidates scored at least 0.140 / 0.464).
     */
    static int bestConfig(double[][] combined, int thresholds, int leaveOut) {
        int best = bestScoring(combined, thresholds, leaveOut);
        return best == 0 || clearlyBetter(combined[best], combined[0], leaveOut) ? best : 0;
    }

    /**
     * True when {@code candidate}'s combined scores beat {@code reference}'s, example by example, by a mean difference
     * larger than its standard error (the examples other than {@code leaveOut}).
     */
    static boolean clearlyBetter(double[] candidate, double[] reference, int leaveOut) {
        int count = 0;
        double sum = 0;
        for (int k = 0; k < candidate.length; k++) {
            if (k != leaveOut) {
                sum += candidate[k] - reference[k];
                count++;
            }
        }
        if (count == 0) {
            return false;
        }
        double mean = sum / count;
        double squares = 0;
        for (int k = 0; k < candidate.length; k++) {
            if (k != leaveOut) {
                double d = candidate[k] - reference[k] - mean;
                squares += d * d;
            }
        }
        double standardError = count < 2 ? 0 : Math.sqrt(squares / (count - 1) / count);
        return mean > standardError;
    }

    private static int bestScoring(double[][] combined, int thresholds, int leaveOut) {
        int bestOff = -1;
        int bestOn = -1;
        double off = Double.NEGATIVE_INFINITY;
        double on = Double.NEGATIVE_INFINITY;
        for (int cfg = 0; cfg < combined.length; cfg++) {
            double sum = 0;
            for (int k = 0; k < combined[cfg].length; k++) {
                if (k != leaveOut) {
                    sum += combined[cfg][k];
                }
            }
            int count = combined[cfg].length - (leaveOut >= 0 ? 1 : 0);
            double mean = sum / Math.max(1, count);
            if (cfg % thresholds == 0) {
                if (mean > off) {
                    off = mean;
                    bestOff = cfg;
                }
            } else if (mean > on) {
                on = mean;
                bestOn = cfg;
            }
        }
        return bestOn >= 0 && on > off + SELECTOR_MIN_GAIN ? bestOn : bestOff;
    }

    private static Score mean(List<ExampleResult> rows, java.util.function.ToDoubleFunction<ExampleResult> rouge,
                              java.util.function.ToDoubleFunction<ExampleResult> cosine) {
        return new Score(rows.stream().mapToDouble(rouge).average().orElse(Double.NaN),
                rows.stream().mapToDouble(cosine).average().orElse(Double.NaN), rows.size());
    }

    static double dot(float[] a, float[] b) {
        return ExampleIndex.dot(a, b);
    }
}
