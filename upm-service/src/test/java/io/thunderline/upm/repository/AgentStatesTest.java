package io.thunderline.upm.repository;

import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.UpmStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgentStatesTest {
    static final ModelType S = ModelType.SENTIMENT_ANALYSIS;
    static final ModelType T = ModelType.TEXT_CLASSIFICATION;
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    static StatusRepository.AgentFamily row(String id, ModelType f, Long applied, Long active, String error, boolean live) {
        return new StatusRepository.AgentFamily(id, f, applied, active, error, live, NOW);
    }

    static String state(StatusRepository.AgentFamily... rows) {
        return StatusRepository.agentStates(List.of(rows)).get(0).state();
    }

    @Test
    void anAgentIsWaitingSyncedBehindOrOffline() {
        assertThat(state(row("a", S, 0L, null, null, true))).isEqualTo(UpmStatus.WAITING);
        assertThat(state(row("a", S, null, null, null, true))).isEqualTo(UpmStatus.WAITING);
        assertThat(state(row("a", S, 0L, 1L, null, true))).isEqualTo(UpmStatus.WAITING);
        // a version held from elsewhere while this UPM has no active snapshot yet: still waiting for a first model
        assertThat(state(row("a", S, 6L, null, null, true))).isEqualTo(UpmStatus.WAITING);
        assertThat(state(row("a", S, null, null, "missing base version 5", true))).isEqualTo(UpmStatus.WAITING);
        assertThat(state(row("a", S, 2L, 2L, null, true))).isEqualTo(UpmStatus.SYNCED);
        assertThat(state(row("a", S, 1L, 2L, null, true))).isEqualTo(UpmStatus.BEHIND);
        assertThat(state(row("a", S, 0L, 2L, "checksum mismatch", true))).isEqualTo(UpmStatus.BEHIND);
        assertThat(state(row("a", S, 2L, 2L, null, false))).isEqualTo(UpmStatus.OFFLINE);
        // two families: synced only if both are; one still without a model is waiting
        assertThat(state(row("a", S, 2L, 2L, null, true), row("a", T, 3L, 3L, null, true))).isEqualTo(UpmStatus.SYNCED);
        assertThat(state(row("a", S, 2L, 2L, null, true), row("a", T, 0L, null, null, true))).isEqualTo(UpmStatus.WAITING);
        // live if any family was heard from recently (a heartbeat refreshes every followed family)
        assertThat(state(row("a", S, 2L, 2L, null, false), row("a", T, 3L, 3L, null, true))).isEqualTo(UpmStatus.SYNCED);
    }

    @Test
    void heldVersionsLeaveOutFamiliesWithoutAModelAndAgentsKeepTheirOrder() {
        List<UpmStatus.Agent> agents = StatusRepository.agentStates(List.of(row("a", S, 4L, 4L, null, true),
                row("a", T, 0L, null, null, true), row("b", S, 3L, 4L, null, true)));
        assertThat(agents).extracting(UpmStatus.Agent::agentId).containsExactly("a", "b");
        assertThat(agents.get(0).heldVersions()).containsExactly(java.util.Map.entry("sentiment_analysis", 4L));
        assertThat(agents.get(0).families()).containsExactly(S, T);
        assertThat(agents.get(1).state()).isEqualTo(UpmStatus.BEHIND);
    }
}
