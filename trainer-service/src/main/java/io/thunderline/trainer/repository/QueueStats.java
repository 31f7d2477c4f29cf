package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Numbers for the admin dashboard: jobs per status, queue depth per priority, workers and heartbeats; a job's metrics and logs. */
@ApplicationScoped
public class QueueStats {

    public record Running(String jobId, String workerId, double heartbeatAgeSeconds) {
    }

    public record Stats(Map<String, Long> byStatus, Map<String, Long> queuedByPriority, List<Running> running) {
    }

    public record Worker(String workerId, String instance, OffsetDateTime lastHeartbeat, double heartbeatAgeSeconds,
                         String runningJobId) {
    }

    public Uni<Stats> stats(SqlClient client) {
        Uni<Map<String, Long>> byStatus = client.query("SELECT status, count(*) AS n FROM jobs GROUP BY status").execute()
                .map(rows -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    for (String s : List.of("queued", "running", "completed", "failed", "cancelled")) {
                        m.put(s, 0L);
                    }
                    rows.forEach(r -> m.put(r.getString("status"), r.getLong("n")));
                    return m;
                });
        Uni<Map<String, Long>> byPriority = client.query("SELECT priority, count(*) AS n FROM jobs WHERE status = 'queued' "
                        + "GROUP BY priority").execute()
                .map(rows -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    m.put("high", 0L);
                    m.put("normal", 0L);
                    m.put("low", 0L);
                    rows.forEach(r -> m.put(PriorityCodes.priority(r.getShort("priority")).wireName(), r.getLong("n")));
                    return m;
                });
        Uni<List<Running>> running = client.query("SELECT id, worker_id, EXTRACT(EPOCH FROM now() - heartbeat_at) AS age "
                        + "FROM jobs WHERE status = 'running' ORDER BY started_at").execute()
                .map(rows -> {
                    List<Running> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Running(r.getString("id"), r.getString("worker_id"),
                            r.getNumeric("age") == null ? -1 : r.getNumeric("age").doubleValue())));
                    return list;
                });
        return Uni.combine().all().unis(byStatus, byPriority, running).with(Stats::new);
    }

    public Uni<List<Worker>> workers(SqlClient client) {
        return client.query("SELECT *, EXTRACT(EPOCH FROM now() - last_heartbeat) AS age FROM workers ORDER BY worker_id")
                .execute().map(rows -> {
                    List<Worker> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Worker(r.getString("worker_id"), r.getString("instance"),
                            r.getOffsetDateTime("last_heartbeat"), r.getNumeric("age").doubleValue(),
                            r.getString("running_job_id"))));
                    return list;
                });
    }

    public record MetricPoint(long seq, Integer phase, Integer trial, Integer epoch, Map<String, Object> metrics,
                              OffsetDateTime at) {
    }

    public Uni<List<MetricPoint>> metrics(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT * FROM job_metrics WHERE job_id = $1 ORDER BY seq").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<MetricPoint> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new MetricPoint(r.getLong("seq"),
                            r.getShort("phase") == null ? null : r.getShort("phase").intValue(), r.getInteger("trial"),
                            r.getInteger("epoch"), r.getJsonObject("metrics").getMap(), r.getOffsetDateTime("at"))));
                    return list;
                });
    }

    public record LogLine(long seq, String level, String line, OffsetDateTime at) {
    }

    public Uni<List<LogLine>> logs(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT * FROM job_logs WHERE job_id = $1 ORDER BY seq").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<LogLine> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new LogLine(r.getLong("seq"), r.getString("level"), r.getString("line"),
                            r.getOffsetDateTime("at"))));
                    return list;
                });
    }
}
