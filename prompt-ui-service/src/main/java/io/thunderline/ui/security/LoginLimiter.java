package io.thunderline.ui.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed sign-ins per key (client address and user name) in a sliding window and decides whether a further
 * attempt may go ahead. No HTTP and no clock of its own: {@link LoginLimit} is the glue. After {@code maxFailures}
 * failures within {@code window} the key is refused until enough of them have left the window; refused attempts
 * and successful sign-ins are not recorded, so the limit expires by itself. At most {@code maxTracked} keys are
 * remembered (the least recently used are forgotten first), so that a flood of invented user names cannot fill the
 * memory.
 */
public final class LoginLimiter {
    private final int maxFailures;
    private final Duration window;
    private final int maxTracked;
    private final LinkedHashMap<String, ArrayDeque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

    public LoginLimiter(int maxFailures, Duration window, int maxTracked) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("max-failures and max-tracked must be at least 1 and the window positive");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxTracked = maxTracked;
    }

    /** The key of a sign-in attempt: the client's address and the user name (case-insensitive). */
    public static String key(String clientAddress, String userName) {
        return (clientAddress == null ? "?" : clientAddress) + " " + (userName == null ? "" : userName.toLowerCase(Locale.ROOT));
    }

    /** How long this key is still refused at {@code now}; empty when an attempt may go ahead. */
    public synchronized Optional<Duration> refusedFor(String key, Instant now) {
        ArrayDeque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        prune(key, times, now);
        if (times.size() < maxFailures) {
            return Optional.empty();
        }
        // refused until so many of the failures have left the window that fewer than maxFailures remain
        Iterator<Instant> oldestFirst = times.iterator();
        Instant unblocking = oldestFirst.next();
        for (int i = 0; i < times.size() - maxFailures; i++) {
            unblocking = oldestFirst.next();
        }
        return Optional.of(Duration.between(now, unblocking.plus(window)));
    }

    /** A failed sign-in for this key at {@code now}. */
    public synchronized void recordFailure(String key, Instant now) {
        ArrayDeque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(null, times, now); // the key stays: a failure is added to it now
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();   // more than maxFailures never changes the decision
        }
        if (failures.size() > maxTracked) {
            Iterator<Map.Entry<String, ArrayDeque<Instant>>> eldest = failures.entrySet().iterator();
            while (failures.size() > maxTracked && eldest.hasNext()) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** Forgets every key whose failures have all left the window (run now and then). */
    public synchronized void forgetExpired(Instant now) {
        failures.entrySet().removeIf(e -> {
            prune(null, e.getValue(), now);
            return e.getValue().isEmpty();
        });
    }

    /** Forgets everything (tests). */
    public synchronized void clear() {
        failures.clear();
    }

    synchronized int tracked() {
        return failures.size();
    }

    private void prune(String key, ArrayDeque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
        if (key != null && times.isEmpty()) {
            failures.remove(key);
        }
    }

    public int maxFailures() {
        return maxFailures;
    }

    public Duration window() {
        return window;
    }
}
