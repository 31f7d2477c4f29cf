package io.thunderline.bench.queue;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * Baseline: the well-known minimal PostgreSQL queue. A worker opens a transaction, locks the next row with
 * SELECT ... ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED, does the work, deletes the row and commits.
 * No status, attempts, heartbeats or events: a crash simply releases the lock.
 */
final class PlainQueue implements QueueUnderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Pool pool;

    PlainQueue(Pool pool) {
        this.pool = pool;
    }

    static void createTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE plain_queue (id BIGSERIAL PRIMARY KEY, priority SMALLINT NOT NULL, payload TEXT NOT NULL, "
                + "created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        s.execute("CREATE INDEX plain_queue_next ON plain_queue (priority DESC, id)");
        s.execute("CREATE TABLE plain_done (id BIGINT PRIMARY KEY)");
    }

    private record Claimed(SqlConnection connection, Transaction tx, long id) {
    }

    @Override
    public String name() {
        return "plain SKIP LOCKED queue (baseline)";
    }

    @Override
    public void reset() {
        pool.query("TRUNCATE plain_queue, plain_done").execute().await().atMost(WAIT);
    }

    @Override
    public void enqueue(String id, int priority) {
        pool.preparedQuery("INSERT INTO plain_queue (priority, payload) VALUES ($1, $2)")
                .execute(Tuple.of((short) priority, id)).await().atMost(WAIT);
    }

    @Override
    public List<?> claim(String workerId) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction tx = connection.begin().await().atMost(WAIT);
            Iterator<Row> rows = connection.query("SELECT id FROM plain_queue ORDER BY priority DESC, id LIMIT 1 "
                    + "FOR UPDATE SKIP LOCKED").execute().await().atMost(WAIT).iterator();
            if (!rows.hasNext()) {
                tx.rollback().await().atMost(WAIT);
                connection.close().await().atMost(WAIT);
                return List.of();
            }
            return List.of(new Claimed(connection, tx, rows.next().getLong(0)));
        } catch (RuntimeException e) {
            connection.close().await().atMost(WAIT);
            throw e;
        }
    }

    @Override
    public void complete(List<?> claimed, String workerId) {
        Claimed c = (Claimed) claimed.get(0);
        try {
            c.connection().preparedQuery("DELETE FROM plain_queue WHERE id = $1").execute(Tuple.of(c.id())).await().atMost(WAIT);
            // remember completions only to verify that each job ran once
            c.connection().preparedQuery("INSERT INTO plain_done (id) VALUES ($1)").execute(Tuple.of(c.id())).await().atMost(WAIT);
            c.tx().commit().await().atMost(WAIT);
        } finally {
            c.connection().close().await().atMost(WAIT);
        }
    }

    @Override
    public void verify(int jobs) {
        long left = pool.query("SELECT count(*) FROM plain_queue").execute().await().atMost(WAIT).iterator().next().getLong(0);
        long done = pool.query("SELECT count(*) FROM plain_done").execute().await().atMost(WAIT).iterator().next().getLong(0);
        if (left != 0 || done != jobs) {
            throw new IllegalStateException("expected " + jobs + " jobs done once, got " + done + " done and " + left + " left");
        }
    }
}
