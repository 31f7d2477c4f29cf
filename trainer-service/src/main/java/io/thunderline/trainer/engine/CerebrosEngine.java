package io.thunderline.trainer.engine;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.ml.model.TrainedModel;
import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import io.thunderline.ml.nas.SearchResult;
import io.thunderline.ml.nas.TrialResult;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.trainer.client.CerebrosApi;
import io.thunderline.trainer.client.CerebrosClient;
import io.thunderline.trainer.client.CerebrosJobUnknown;
import io.thunderline.trainer.client.CerebrosRejected;
import io.thunderline.trainer.client.CerebrosUnavailable;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.RemoteJobRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Phases 2-3 on the remote Cerebros service: submit the training split, poll the status, turn its progress events
 * into the job's updates (through the same listener as the local engine, so trial and epoch updates look alike),
 * then fetch the trained model for phase 4 here. The remote job id and the events read so far are stored with the
 * job, so a job that comes back from the queue resumes the same remote job instead of training twice; if Cerebros
 * lost it (restarted), the job is submitted again.
 */
@ApplicationScoped
@Typed(CerebrosEngine.class)
class CerebrosEngine implements TrainingEngine {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Resubmissions within one attempt when Cerebros keeps forgetting the job. */
    private static final int MAX_RESUBMITS = 2;

    private final CerebrosClient client;
    private final Pool pool;
    private final RemoteJobRepository remote;
    private final TrainerConfig config;

    CerebrosEngine(CerebrosClient client, Pool pool, RemoteJobRepository remote, TrainerConfig config) {
        this.client = client;
        this.pool = pool;
        this.remote = remote;
        this.config = config;
    }

    boolean enabled() {
        return client.enabled();
    }

    @Override
    public String describe() {
        return "Cerebros at " + client.url();
    }

    @Override
    public SearchResult searchClassifier(TrainingJob job, LabeledData train, SearchSpace space, FeatureSpec features,
                                         SentenceEncoder encoder, SearchListener listener, CancellationToken cancel) {
        // The remote service searches its own inputs (it has no sentence encoder); progress goes to the job only.
        TrainingListener progress = listener instanceof TrainingListener p ? p : null;
        CerebrosApi.Config settings = new CerebrosApi.Config(4, config.cerebros().checkpointFormat(),
                job.modelType().wireName(), space.moieties(), space.tries(), space.epochs(), space.seed(), features.hashDims());
        Result result = run(job, "train.csv", TrainingData.classificationCsv(train), settings, progress, cancel);
        if (!(result.model() instanceof TextClassifier classifier)) {
            throw new TrainingFailure("Cerebros returned a model that is not a text classifier", false, null);
        }
        Map<String, Double> m = result.metrics();
        TrialResult best = new TrialResult(m.getOrDefault("best_trial", -1.0).intValue(), -1, -1,
                classifier.network().architecture(), m.getOrDefault("best_epoch", -1.0).intValue(),
                Map.of("val_f1", m.getOrDefault("best_val_f1", Double.NaN)), List.of(), result.millis());
        // Cerebros reports only its winner: the ranking holds that one trial
        return new SearchResult(classifier, best, List.of(best),
                m.getOrDefault("search_millis", (double) result.millis()).longValue());
    }


    private record Result(TrainedModel model, Map<String, Double> metrics, long millis) {
    }

    private Result run(TrainingJob job, String filename, String csv, CerebrosApi.Config settings,
                       TrainingListener progress, CancellationToken cancel) {
        long started = System.nanoTime();
        RemoteJobRepository.RemoteState state = remote.state(pool, job.jobId()).await().atMost(WAIT);
        String remoteId = state.remoteJobId();
        long cursor = state.cursor();
        CerebrosApi.Submission submission = new CerebrosApi.Submission(job.datasetId(),
                "prompt_" + job.datasetId() + "_" + job.modelType().wireName(),
                List.of(new CerebrosApi.CsvFile(filename, csv)), settings);
        if (remoteId != null) {
            progress.log("INFO", "resuming Cerebros job " + remoteId + " (events read so far: " + cursor + ")");
        }
        Observed observed = new Observed();
        int resubmits = 0;
        while (true) {
            cancel.throwIfCancelled();
            if (remoteId == null) {
                remoteId = remote(() -> client.submit(submission)).jobId();
                cursor = 0;
                remember(job, remoteId, cursor);
                progress.log("INFO", "submitted " + filename + " (" + csv.length() + " characters) to " + describe()
                        + " as job " + remoteId);
            }
            CerebrosApi.Status status;
            try {
                String id = remoteId;
                long since = cursor;
                status = remote(() -> client.status(id, since));
            } catch (CerebrosJobUnknown e) {
                if (++resubmits > MAX_RESUBMITS) {
                    throw new TrainingFailure("Cerebros keeps losing job " + remoteId, true, e);
                }
                progress.log("WARN", "Cerebros no longer knows job " + remoteId + " (was it restarted?); submitting again");
                remoteId = null;
                continue;
            }
            long read = apply(status, cursor, observed, progress);
            if (read != cursor || observed.firstContact) {
                cursor = read;
                observed.firstContact = false;
                remember(job, remoteId, cursor);
            }
            switch (Objects.requireNonNullElse(status.status(), "running").toLowerCase(java.util.Locale.ROOT)) {
                case "completed" -> {
                    TrainedModel model = fetchModel(remoteId, status, progress);
                    return new Result(model, numbers(status.metrics()), (System.nanoTime() - started) / 1_000_000);
                }
                case "failed" -> {
                    // the next attempt submits afresh rather than reading the same failed remote job again
                    remember(job, null, 0);
                    throw new TrainingFailure("Cerebros could not train this job: "
                            + Objects.requireNonNullElse(status.error(), "no reason given"), true, null);
                }
                default -> pause(config.cerebros().pollInterval(), cancel);
            }
        }
    }

    /** Stores the remote job id and cursor with the job, so a job back from the queue resumes the same remote job. */
    private void remember(TrainingJob job, String remoteId, long cursor) {
        pool.withTransaction(tx -> remote.set(tx, job.jobId(), remoteId, cursor)).await().atMost(WAIT);
    }

    /** What was already reported, for services that send no events (only the latest phase and metrics). */
    private static final class Observed {
        boolean firstContact = true;
        Integer phase;
        Map<String, Double> metrics = Map.of();
    }

    /** Reports the status's new events (or, without events, its phase and metrics when they changed); returns the cursor. */
    private static long apply(CerebrosApi.Status status, long cursor, Observed observed, TrainingListener progress) {
        if (status.events() != null) {
            long last = cursor;
            for (CerebrosApi.Event e : status.events()) {
                if (e.seq() <= last) {
                    continue; // a service that ignores ?since= repeats what was already reported
                }
                report(e, progress);
                last = e.seq();
            }
            return last;
        }
        if (status.phase() != null && !status.phase().equals(observed.phase) && status.phase() >= 2 && status.phase() <= 3) {
            observed.phase = status.phase();
            progress.onPhase(status.phase() == 2 ? "search" : "retrain", "reported by Cerebros");
        }
        Map<String, Double> metrics = numbers(status.metrics());
        if (!metrics.isEmpty() && !metrics.equals(observed.metrics) && !"completed".equalsIgnoreCase(status.status())) {
            observed.metrics = metrics;
            Map<String, Double> shown = new LinkedHashMap<>(metrics);
            Double trial = shown.remove("trial");
            Double epoch = shown.remove("epoch");
            progress.onMetrics(trial == null ? null : trial.intValue(), epoch == null ? null : epoch.intValue(),
                    TrainingListener.finite(shown));
        }
        return cursor;
    }

    private static void report(CerebrosApi.Event e, TrainingListener progress) {
        String type = Objects.requireNonNullElse(e.type(), "");
        switch (type) {
            case "phase" -> progress.onPhase(Objects.requireNonNullElse(e.name(), e.phase() != null && e.phase() == 3
                    ? "retrain" : "search"), Objects.requireNonNullElse(e.detail(), "on Cerebros"));
            case "trial_start" -> progress.onTrialStart(orZero(e.trial()), Objects.requireNonNullElse(e.architecture(), "?"));
            case "epoch" -> progress.onEpoch(orZero(e.trial()), orZero(e.epoch()), numbers(e.metrics()));
            case "trial_end" -> progress.onTrialEnd(orZero(e.trial()), orZero(e.bestEpoch()), numbers(e.metrics()));
            default -> progress.log("INFO", "Cerebros: " + type + " " + Objects.requireNonNullElse(e.detail(), ""));
        }
    }

    private TrainedModel fetchModel(String remoteId, CerebrosApi.Status status, TrainingListener progress) {
        List<CerebrosApi.Checkpoint> checkpoints = status.checkpoints() == null ? List.of() : status.checkpoints();
        CerebrosApi.Checkpoint checkpoint = checkpoints.stream()
                .filter(c -> c.url() != null && (c.format() == null || c.format().equals(config.cerebros().checkpointFormat())))
                .reduce((a, b) -> b).orElse(null);
        if (checkpoint == null) {
            throw new TrainingFailure("Cerebros finished job " + remoteId + " without a checkpoint in the "
                    + config.cerebros().checkpointFormat() + " format that evaluation and predict need (it offered "
                    + checkpoints.stream().map(CerebrosApi.Checkpoint::format).toList() + ")", false, null);
        }
        byte[] bytes = remote(() -> client.download(checkpoint.url()));
        if (checkpoint.sha256() != null && !checkpoint.sha256().equalsIgnoreCase(TrainingOutcome.sha256(bytes))) {
            throw new TrainingFailure("the model fetched from Cerebros does not match its SHA-256; it was damaged on the "
                    + "way", true, null);
        }
        progress.log("INFO", "fetched the trained model from Cerebros (" + bytes.length + " bytes)");
        try {
            return ModelFile.load(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new TrainingFailure("the model Cerebros returned cannot be read: " + e.getMessage(), false, e);
        }
    }

    /** Runs a call to Cerebros; anything but an answer that refuses or does not know the job means it is unavailable. */
    private static <T> T remote(Supplier<T> call) {
        try {
            return call.get();
        } catch (CerebrosRejected e) {
            throw new TrainingFailure(e.getMessage(), false, e);
        } catch (CerebrosJobUnknown | TrainingFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CerebrosUnavailable(CerebrosClient.describe(e), e);
        }
    }

    private static void pause(Duration d, CancellationToken cancel) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            cancel.throwIfCancelled();
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Cerebros", e);
            }
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static Map<String, Double> numbers(Map<String, Object> raw) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((k, v) -> {
                if (v instanceof Number n) {
                    out.put(k, n.doubleValue());
                }
            });
        }
        return out;
    }
}
