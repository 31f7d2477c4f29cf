package io.thunderline.support;

import org.jboss.logging.Logger;

import java.util.function.LongSupplier;

/**
 * A polling loop's view of an outage: the pause before the next try doubles per failure in a row (up to a ceiling),
 * the first failure is one warning, the rest are debug lines, and the first success after them says how long the
 * outage lasted. So a database or broker down for minutes is neither hammered nor logged once per poll.
 * Not thread-safe: one instance per loop.
 */
public final class OutageBackoff {
    private final Logger log;
    private final String what;
    private final long baseMillis;
    private final long maxMillis;
    private final LongSupplier nanoClock;
    private int failures;
    private long failingSince;

    /**
     * @param what       names the loop in its log lines, e.g. "outbox relay" or "worker w-1"
     * @param baseMillis the pause after the first failure (the loop's normal interval)
     * @param maxMillis  the longest pause
     */
    public OutageBackoff(Logger log, String what, long baseMillis, long maxMillis) {
        this(log, what, baseMillis, maxMillis, System::nanoTime);
    }

    OutageBackoff(Logger log, String what, long baseMillis, long maxMillis, LongSupplier nanoClock) {
        if (baseMillis < 1 || maxMillis < baseMillis) {
            throw new IllegalArgumentException("need 1 <= baseMillis <= maxMillis, got " + baseMillis + " and " + maxMillis);
        }
        this.log = log;
        this.what = what;
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.nanoClock = nanoClock;
    }

    /** Records a failed try; returns the pause before the next one. */
    public long failed(Throwable e) {
        if (failures++ == 0) {
            failingSince = nanoClock.getAsLong();
            log.warnf("%s failed, will try again (pausing up to %d ms between tries): %s", what, maxMillis, e);
        } else {
            log.debugf("%s failed %d times in a row: %s", what, failures, e);
        }
        return pauseMillis();
    }

    /** Records a try that worked: ends an outage (one line with its length) if there was one. */
    public void succeeded() {
        if (failures > 0) {
            log.infof("%s works again after %d failed tries in %.1f s", what, failures,
                    (nanoClock.getAsLong() - failingSince) / 1e9);
            failures = 0;
        }
    }

    /** Failed tries in a row so far (0 when the last try worked). */
    public int failures() {
        return failures;
    }

    /** The pause after the current run of failures: the base doubled per failure in a row, at most the ceiling. */
    public long pauseMillis() {
        return Math.min(maxMillis, baseMillis << Math.min(Math.max(failures, 1), 20));
    }
}
