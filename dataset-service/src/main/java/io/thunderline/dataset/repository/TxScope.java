package io.thunderline.dataset.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Duration;

/** One open transaction on a worker thread: its connection, a bounded wait for its statements, rollback-only. */
public final class TxScope {
    private final SqlConnection connection;
    private final Duration timeout;
    private boolean rollbackOnly;

    TxScope(SqlConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    public SqlConnection connection() {
        return connection;
    }

    /** Waits for a statement of this transaction, at most the configured statement timeout. */
    public <T> T await(Uni<T> statement) {
        return statement.await().atMost(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Ends the transaction with a rollback even though the work returns normally. */
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    boolean rollbackOnly() {
        return rollbackOnly;
    }
}
