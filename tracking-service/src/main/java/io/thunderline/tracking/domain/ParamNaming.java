package io.thunderline.tracking.domain;

import io.thunderline.contracts.JobUpdate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Names of a job update's params. A trial's params (its architecture, say) are prefixed {@code trial_<n>.} so that
 * every trial keeps its own; the final ones keep their names. Some params are files, not params: they go up as
 * artifacts and stay out of MLflow's params (their text may be far longer than MLflow allows).
 */
public final class ParamNaming {
    public static final String CONFUSION_MATRIX = "confusion_matrix";
    /** Params uploaded as run artifacts instead of logged as params. */
    public static final Set<String> ARTIFACT_PARAMS = Set.of(CONFUSION_MATRIX);

    private ParamNaming() {
    }

    /** All the update's params under their stored names (artifact params included). */
    public static Map<String, String> params(JobUpdate update) {
        Map<String, String> named = new LinkedHashMap<>();
        update.params().forEach((k, v) -> {
            if (v != null) {
                named.put(name(update, k), v);
            }
        });
        return named;
    }

    static String name(JobUpdate u, String key) {
        String clean = MlflowNames.key(key);
        return u.trial() != null && !ARTIFACT_PARAMS.contains(clean) ? MlflowNames.key("trial_" + u.trial() + "." + clean) : clean;
    }

    public static boolean loggedAsParam(String name) {
        return !ARTIFACT_PARAMS.contains(name);
    }
}
