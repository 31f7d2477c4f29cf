package io.thunderline.tracking.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One MLflow log-batch call. MLflow refuses a call with more than 1000 metrics, 100 params or 100 tags, or more than
 * 1000 of them together; {@link #split} cuts any amount into calls within those limits, keeping the metrics' order.
 */
public record LogBatch(List<MetricPoint> metrics, List<Map.Entry<String, String>> params,
                       List<Map.Entry<String, String>> tags) {
    public static final int MAX_METRICS = 1000;
    public static final int MAX_PARAMS = 100;
    public static final int MAX_TAGS = 100;
    public static final int MAX_TOTAL = 1000;

    public int size() {
        return metrics.size() + params.size() + tags.size();
    }

    public static List<LogBatch> split(List<MetricPoint> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Map.Entry<String, String>> p = new ArrayList<>(params.entrySet());
        List<Map.Entry<String, String>> t = new ArrayList<>(tags.entrySet());
        List<LogBatch> batches = new ArrayList<>();
        int mi = 0;
        int pi = 0;
        int ti = 0;
        while (mi < metrics.size() || pi < p.size() || ti < t.size()) {
            // params and tags first (at most 200), then as many metrics as still fit
            int np = Math.min(MAX_PARAMS, p.size() - pi);
            int nt = Math.min(MAX_TAGS, t.size() - ti);
            int nm = Math.min(Math.min(MAX_METRICS, MAX_TOTAL - np - nt), metrics.size() - mi);
            batches.add(new LogBatch(List.copyOf(metrics.subList(mi, mi + nm)), List.copyOf(p.subList(pi, pi + np)),
                    List.copyOf(t.subList(ti, ti + nt))));
            mi += nm;
            pi += np;
            ti += nt;
        }
        return batches;
    }
}
