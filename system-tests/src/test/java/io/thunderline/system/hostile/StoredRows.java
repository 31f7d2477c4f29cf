package io.thunderline.system.hostile;

import io.thunderline.infra.InfraEndpoints;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the rows a request could store (datasets, versions, examples, jobs, schedules, the page's events), to show it
 * stored none. The page's outbox is counted by its sequence, rows ever written: the relay deletes a row once Kafka has
 * it, so a count of the rows there could miss an event that was written and sent between two counts.
 */
final class StoredRows {
    static final List<String> TABLES = List.of("dataset.datasets", "dataset.dataset_versions", "dataset.examples",
            "trainer.jobs", "trainer.schedules", "ui.job_view", "ui.outbox");
    private static final Map<String, String> COUNTED_BY = Map.of("ui.outbox", "SELECT last_value FROM ui.outbox_seq_seq");

    private final InfraEndpoints endpoints;

    StoredRows(InfraEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Waits until nothing changes for 3 s (work a restarted service picked up from Kafka is done), up to 60 s. */
    Map<String, Long> awaitQuiet() throws SQLException, InterruptedException {
        Map<String, Long> last = count();
        long deadline = System.nanoTime() + 60_000_000_000L;
        int stable = 0;
        while (stable < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            Map<String, Long> now = count();
            stable = now.equals(last) ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    Map<String, Long> count() throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < TABLES.size(); i++) {
            String table = TABLES.get(i);
            sql.append(i == 0 ? "" : ", ").append('(')
                    .append(COUNTED_BY.getOrDefault(table, "SELECT count(*) FROM " + table)).append(')');
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < TABLES.size(); i++) {
                counts.put(TABLES.get(i), rs.getLong(i + 1));
            }
        }
        return counts;
    }
}
