package io.thunderline.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * training.job-updates: one step of a job's life. {@code seq} grows by one per job, so a consumer can order
 * updates and drop ones it has seen. Metrics use the keys loss, accuracy, f1, val_loss, val_accuracy, val_f1,
 * perplexity, ...; params carry text facts worth tracking (architecture, search settings, confusion matrix as JSON).
 *
 * <p>The events are self-sufficient, so no consumer has to ask the trainer about a job: every {@code queued} update
 * (the job's first, and each requeue: retry, rescue, waiting for Cerebros) carries the {@code request} it was created
 * from (dataset, model type, owner, prompt preview, ...), and the {@code completed} update carries {@code modelUrl},
 * where the trained model file can be fetched. Both are null on every other update.
 */
public record JobUpdate(
        int schemaVersion,
        String jobId,
        long seq,
        JobStatus status,
        Integer phase,
        String phaseName,
        Integer trial,
        Integer epoch,
        Map<String, Double> metrics,
        Map<String, String> params,
        String message,
        Instant at,
        TrainingRequested request,
        String modelUrl) {

    public static final int PHASES = 4;

    public JobUpdate {
        Require.schemaVersion(schemaVersion);
        Require.present(jobId, "jobId");
        Require.atLeast(seq, 0, "seq");
        Require.present(status, "status");
        if (phase != null && (phase < 1 || phase > PHASES)) {
            throw new InvalidEventException("field 'phase' must be 1.." + PHASES + " but was " + phase);
        }
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        Require.present(at, "at");
        if (request != null && !request.jobId().equals(jobId)) {
            throw new InvalidEventException("field 'request.jobId' must equal 'jobId' (" + jobId + ") but was "
                    + request.jobId());
        }
        if (modelUrl != null && status != JobStatus.COMPLETED) {
            throw new InvalidEventException("field 'modelUrl' is only set on a completed update, not on " + status);
        }
    }

    /** An update that is neither the job's first nor its completion. */
    public JobUpdate(int schemaVersion, String jobId, long seq, JobStatus status, Integer phase, String phaseName,
                     Integer trial, Integer epoch, Map<String, Double> metrics, Map<String, String> params,
                     String message, Instant at) {
        this(schemaVersion, jobId, seq, status, phase, phaseName, trial, epoch, metrics, params, message, at, null,
                null);
    }

    /**
     * The phase's name for a job of {@code type}: language models are not searched; their phases 2-3 choose
     * generation settings on held-out examples and assemble the pretrained model with the user's examples.
     */
    public static String phaseName(int phase, ModelType type) {
        if (type != null && !type.classification()) {
            switch (phase) {
                case 2:
                    return "Choose settings on held-out examples";
                case 3:
                    return "Build model (pretrained + examples)";
                default:
                    break;
            }
        }
        return phaseName(phase);
    }

    public static String phaseName(int phase) {
        return switch (phase) {
            case 1 -> "Featurise and split";
            case 2 -> "Architecture search";
            case 3 -> "Train best architecture";
            case 4 -> "Evaluate and publish";
            default -> throw new IllegalArgumentException("phase " + phase + " is not 1.." + PHASES);
        };
    }
}
