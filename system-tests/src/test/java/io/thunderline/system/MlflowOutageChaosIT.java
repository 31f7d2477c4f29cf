package io.thunderline.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: MLflow goes down while jobs tracked in it train on the whole stack (its own MLflow server, stopped
 * like a crash of its host and started again on the same port and data). Training does not wait for MLflow: the jobs
 * complete on the page during the outage; tracking-service keeps what it could not send, and once MLflow is back every
 * run is FINISHED with exactly the metric points tracking-service recorded, none twice, none missing.
 */
class MlflowOutageChaosIT {
    static final int JOBS = 2;
    static final Duration IN_FLIGHT = Duration.ofSeconds(90);
    static final Duration JOBS_END = Duration.ofMinutes(3);
    /** MLflow stays down at least this long. */
    static final Duration OUTAGE = Duration.ofSeconds(45);
    static ChaosStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = ChaosStack.startWithOwnMlflow("mlflow-outage");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void jobsCompleteWhileMlflowIsDownAndEveryRunIsMirroredOnceWhenItIsBack() throws Exception {
        List<String> jobs = List.of(
                stack.submit(ServiceKillChaosIT.prompt("mlflow outage", "job 0"), true),
                stack.submit(ServiceKillChaosIT.prompt("mlflow outage", "job 1"), true));
        // in flight: tracking-service has recorded metric points of the first job (and opened its run)
        await().atMost(IN_FLIGHT).pollInterval(Duration.ofMillis(200)).until(() ->
                stack.queryLong("SELECT count(*) FROM tracking.run_metrics WHERE job_id = ?", jobs.get(0)) > 0);

        stack.stopMlflow();
        long downAt = System.nanoTime();
        // training goes on without MLflow: both jobs end on the page, once, with no gap in their updates
        stack.assertEachCompletedExactlyOnce(jobs, JOBS_END);
        // what tracking-service could not send waits in its database, not in memory
        long waiting = 0;
        for (String job : jobs) {
            waiting += stack.queryLong("SELECT count(*) FROM tracking.pending_mlflow_ops WHERE job_id = ?", job);
        }
        assertThat(waiting).as("MLflow operations waiting while MLflow is down").isPositive();
        // an outage longer than a blip: tracking-service's retries back off meanwhile
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - downAt) / 1_000_000));
        double downFor = (System.nanoTime() - downAt) / 1e9;

        stack.startMlflow();
        long backAt = System.nanoTime();
        ChaosStack.Mirrored mirrored = stack.assertMirroredOnce(jobs);
        double caughtUp = (System.nanoTime() - backAt) / 1e9;
        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        System.out.printf("MLflow down %.1f s while %d tracked jobs trained: %d/%d completed on the page during the "
                        + "outage, %d MLflow operations waiting at its end; %.1f s after MLflow was back: %d/%d runs "
                        + "FINISHED, %d metric points, %d duplicate, %d missing%n", downFor, JOBS, JOBS, JOBS, waiting,
                caughtUp, mirrored.finished(), JOBS, mirrored.points(), mirrored.duplicates(), mirrored.missing());
    }
}
