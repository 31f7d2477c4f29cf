package io.thunderline.trainer.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A schedule's cron, in UTC. Five fields are classic Unix cron (minute hour day-of-month month day-of-week, e.g.
 * "0 3 * * *" every night at 03:00, what Oban's cron plugin accepts); six or seven fields are Quartz cron with seconds
 * first (e.g. "0 0/15 * * * ?"), the dialect of Quarkus' own @Scheduled. Parsed with cron-utils, the library
 * quarkus-scheduler uses.
 */
public final class CronSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    static final String HELP = "use 5 fields (minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\" for every day "
            + "at 03:00 UTC) or 6-7 Quartz fields with seconds first (e.g. \"0 0/15 * * * ?\" for every 15 minutes)";

    private final String expression;
    private final ExecutionTime times;

    private CronSchedule(String expression, Cron cron) {
        this.expression = expression;
        this.times = ExecutionTime.forCron(cron);
    }

    /** Parses a cron; the exception's message says what is wrong and how to write it. */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron is empty: " + HELP);
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        int fields = trimmed.split(" ").length;
        if (fields < 5 || fields > 7) {
            throw new IllegalArgumentException("cron '" + expression + "' has " + fields + " fields: " + HELP);
        }
        try {
            Cron cron = (fields == 5 ? UNIX : QUARTZ).parse(trimmed).validate();
            CronSchedule schedule = new CronSchedule(trimmed, cron);
            if (schedule.next(Instant.now()).isEmpty()) {
                throw new IllegalArgumentException("cron '" + expression + "' never fires again: " + HELP);
            }
            return schedule;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("cron '")) {
                throw e;
            }
            throw new IllegalArgumentException("cron '" + expression + "' is not valid (" + e.getMessage() + "): " + HELP, e);
        }
    }

    public String expression() {
        return expression;
    }

    /** The first firing strictly after the given time. */
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** The shortest gap between two firings over the next several, to refuse crons that would flood the queue. */
    public Duration shortestGap(Instant from, int firings) {
        Duration shortest = null;
        Optional<Instant> previous = next(from);
        for (int i = 0; i < firings && previous.isPresent(); i++) {
            Optional<Instant> following = next(previous.get());
            if (following.isEmpty()) {
                break;
            }
            Duration gap = Duration.between(previous.get(), following.get());
            shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            previous = following;
        }
        return shortest == null ? Duration.ofDays(365) : shortest;
    }
}
