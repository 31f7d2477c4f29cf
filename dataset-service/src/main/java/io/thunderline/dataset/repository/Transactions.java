package io.thunderline.dataset.repository;

import io.thunderline.dataset.config.DatasetConfig;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Function;

/**
 * Runs work in one database transaction on the calling worker thread, waiting for each statement. Writing a
 * dataset version reads a blocking stream (an uploaded file) record by record, so the work is blocking by
 * nature; the statements still go through the reactive client, pipelined on one connection.
 */
@ApplicationScoped
public class Transactions {
    private static final Logger LOG = Logger.getLogger(Transactions.class);

    private final Pool pool;
    private final Duration timeout;

    public Transactions(Pool pool, DatasetConfig config) {
        this.pool = pool;
        this.timeout = config.storage().statementTimeout();
    }

    /** Commits when {@code work} returns (unless it asked for a rollback), rolls back when it throws. */
    public <T> T inTransaction(Function<TxScope, T> work) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking transaction must not run on the event loop");
        }
        SqlConnection connection = pool.getConnection().await().atMost(timeout);
        try {
            Transaction tx = connection.begin().await().atMost(timeout);
            TxScope scope = new TxScope(connection, timeout);
            T result;
            try {
                result = work.apply(scope);
            } catch (RuntimeException | Error e) {
                rollback(tx, e);
                throw e;
            }
            if (scope.rollbackOnly()) {
                tx.rollback().await().atMost(timeout);
            } else {
                tx.commit().await().atMost(timeout);
            }
            return result;
        } finally {
            connection.close().await().atMost(timeout);
        }
    }

    private void rollback(Transaction tx, Throwable cause) {
        try {
            tx.rollback().await().atMost(timeout);
        } catch (RuntimeException e) {
            // the connection is closed next, which ends the transaction anyway; keep the original failure
            LOG.warnf("rollback after %s failed: %s", cause.toString(), e.toString());
            cause.addSuppressed(e);
        }
    }
}
