package io.thunderline.ui.service;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.ui.client.HealthReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StatusRulesTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final StatusRules.Limits LIMITS = new StatusRules.Limits(Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    static UpmStatus upm(boolean enabled) {
        return new UpmStatus(Contracts.SCHEMA_VERSION, 2, 5, 0.04, 3, 4, enabled, NOW.minusSeconds(2));
    }

    static StatusRules.Observations healthy() {
        return new StatusRules.Observations(Optional.of(upm(true)), NOW.minusSeconds(2), true, List.of(), true,
                Optional.empty(), true, Optional.of(new HealthReport.Check("mlflow", true, null)), true,
                NOW.minusSeconds(3), 0, NOW);
    }

    static StatusRules.Observations with(java.util.function.UnaryOperator<StatusRules.Observations> change) {
        return change.apply(healthy());
    }

    @Test
    void aHealthySystemShowsNoBadge() {
        StatusRules.Snapshot s = StatusRules.decide(healthy(), LIMITS);
        assertThat(s.problems()).isEmpty();
        assertThat(s.upm().disabled()).isFalse();
        assertThat(s.upm().agentsSynced()).isEqualTo(3);
    }

    @Test
    void upmIsDisabledWhenSwitchedOffUnreachableOrSilent() {
        var off = new StatusRules.Observations(Optional.of(upm(false)), NOW, true, List.of(), true, Optional.empty(), true,
                Optional.empty(), true, NOW, 0, NOW);
        assertThat(StatusRules.upm(off, LIMITS).reason()).contains("switched off");
        var unreachable = new StatusRules.Observations(Optional.of(upm(true)), NOW, false, List.of(), true, Optional.empty(),
                true, Optional.empty(), true, NOW, 0, NOW);
        assertThat(StatusRules.upm(unreachable, LIMITS).reason()).contains("cannot be reached");
        var silent = new StatusRules.Observations(Optional.of(upm(true)), NOW.minusSeconds(31), true, List.of(), true,
                Optional.empty(), true, Optional.empty(), true, NOW, 0, NOW);
        assertThat(StatusRules.upm(silent, LIMITS).disabled()).isTrue();
        assertThat(StatusRules.upm(silent, LIMITS).reason()).contains("no UPM status for more than 30 s");
        var never = new StatusRules.Observations(Optional.empty(), null, null, List.of(), true, Optional.empty(), true,
                Optional.empty(), true, NOW, 0, NOW);
        assertThat(StatusRules.upm(never, LIMITS).disabled()).isTrue();
    }

    @Test
    void aBrokerOrDatabaseOutageIsNamedAsSuchNotAsAServiceOutage() {
        // the trainer answers its health check (503 with its checks): it is reachable, Kafka is what is down
        var kafkaDown = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true, Optional.empty(),
                true, Optional.empty(), true, NOW, 0, NOW,
                List.of(new HealthReport.Check("kafka", false, "no Kafka broker answered within 3 s (seen by trainer-service)"),
                        new HealthReport.Check(StatusRules.DATABASE_CHECK, true, null)), true);
        assertThat(StatusRules.problems(kafkaDown, LIMITS)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("kafka-unavailable");
            assertThat(p.detail()).contains("seen by trainer-service");
        });
        var pageDatabaseDown = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true,
                Optional.empty(), true, Optional.empty(), true, NOW, 0, NOW, List.of(), false);
        assertThat(StatusRules.problems(pageDatabaseDown, LIMITS)).extracting(StatusRules.Problem::code)
                .containsExactly("database-unavailable");
        var backendDatabaseDown = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true,
                Optional.empty(), true, Optional.empty(), true, NOW, 0, NOW,
                List.of(new HealthReport.Check(StatusRules.DATABASE_CHECK, false, "connection refused")), true);
        assertThat(StatusRules.problems(backendDatabaseDown, LIMITS)).extracting(StatusRules.Problem::detail)
                .containsExactly("connection refused");
    }

    @Test
    void mlflowAndCerebrosComeFromTheNamedHealthChecks() {
        var down = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true,
                Optional.of(new HealthReport.Check("cerebros", false, null)), true,
                Optional.of(new HealthReport.Check("mlflow", false, "MLflow unavailable")), true, NOW, 0, NOW);
        assertThat(StatusRules.problems(down, LIMITS)).extracting(StatusRules.Problem::title)
                .containsExactly("MLflow unavailable", "Cerebros unavailable");
        // no cerebros check at all: the embedded engine, nothing to show
        assertThat(StatusRules.problems(healthy(), LIMITS)).isEmpty();
    }

    @Test
    void noTrainerRunningNeedsBothAStuckQueueAndNoHeartbeat() {
        var stuckButBeating = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true, Optional.empty(),
                true, Optional.empty(), true, NOW.minusSeconds(10), 2, NOW);
        assertThat(StatusRules.problems(stuckButBeating, LIMITS)).isEmpty();
        var stuckAndSilent = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true, Optional.empty(),
                true, Optional.empty(), true, NOW.minusSeconds(31), 2, NOW);
        assertThat(StatusRules.problems(stuckAndSilent, LIMITS)).extracting(StatusRules.Problem::code).containsExactly("no-trainer");
        var idleAndSilent = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), true, Optional.empty(),
                true, Optional.empty(), true, null, 0, NOW);
        assertThat(StatusRules.problems(idleAndSilent, LIMITS)).isEmpty();
        var stuckAndUnreachable = new StatusRules.Observations(Optional.of(upm(true)), NOW, true, List.of(), false,
                Optional.empty(), true, Optional.empty(), false, null, 1, NOW);
        assertThat(StatusRules.problems(stuckAndUnreachable, LIMITS)).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("cannot be reached"));
    }
}
