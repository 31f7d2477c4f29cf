package io.thunderline.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos, issue 21: PostgreSQL is stopped for 5 s and started again while jobs are queued and running. Every service
 * is ready again by itself (nobody restarts it), a submission after the restart works, and every job ends exactly
 * once with all its updates on the page. The stack has a database of its own ({@link ChaosStack}).
 */
class PostgresRestartChaosIT {
    static final Duration DOWN = Duration.ofSeconds(5);

    static ChaosStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = ChaosStack.start("postgres-restart");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDatabaseRestartWhileJobsRunLosesNothingAndEveryServiceRecoversByItself() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(stack.submit(ChaosStack.PROMPT + "\"Submitted before the restart " + i + "\" -> negative\n"));
        }
        assertThat(stack.queryString("SELECT status FROM ui.job_view WHERE job_id = ?", jobs.get(1))).isEqualTo("queued");

        stack.restartPostgres(DOWN);
        long restartedAt = System.nanoTime();

        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        System.out.printf("all five services ready %.1f s after PostgreSQL was back%n",
                (System.nanoTime() - restartedAt) / 1e9);
        jobs.add(stack.submit(ChaosStack.PROMPT + "\"Submitted after the restart\" -> negative\n"));

        stack.assertEachCompletedExactlyOnce(jobs, Duration.ofMinutes(2));
    }
}
