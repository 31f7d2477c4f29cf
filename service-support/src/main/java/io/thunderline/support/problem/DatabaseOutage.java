package io.thunderline.support.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means the database cannot be reached (down, restarting, refusing connections) rather than that
 * the request or the code is wrong: such a call answers 503 "try again" instead of 500, and work interrupted by it is
 * not the job's fault.
 */
public final class DatabaseOutage {
    private DatabaseOutage() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // a database that does not answer in time (paused, overloaded) is as unavailable as one that refuses
            if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
            String message = String.valueOf(t.getMessage());
            if (message.equals("Pool closed") || message.startsWith("Connection refused")) {
                return true;
            }
        }
        return false;
    }
}
