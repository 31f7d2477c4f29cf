package io.thunderline.dataset;

import io.vertx.mutiny.sqlclient.Pool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row counts of every table a submission writes, to show a refused input left nothing behind. */
final class Tables {
    static final List<String> WRITTEN = List.of("datasets", "dataset_versions", "examples", "version_csv_chunks");

    private Tables() {
    }

    static Map<String, Long> counts(Pool pool) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : WRITTEN) {
            counts.put(table, pool.query("SELECT count(*) FROM " + table).execute().await().indefinitely()
                    .iterator().next().getLong(0));
        }
        return counts;
    }
}
