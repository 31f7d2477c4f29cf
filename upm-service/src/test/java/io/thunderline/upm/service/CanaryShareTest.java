package io.thunderline.upm.service;

import io.thunderline.contracts.ModelType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanaryShareTest {
    static final ModelType F = ModelType.SENTIMENT_ANALYSIS;
    static final List<String> AGENTS = IntStream.range(0, 40).mapToObj(i -> "agent-" + i).toList();

    @Test
    void aShareOfTheLiveAgentsIsPickedTheSameWayEachTime() {
        List<String> quarter = AdminActions.shareOfAgents(AGENTS, F, 7, 0.25);
        assertThat(quarter).hasSize(10).doesNotHaveDuplicates().isSubsetOf(AGENTS);
        assertThat(AdminActions.shareOfAgents(AGENTS, F, 7, 0.25)).isEqualTo(quarter);
        // the order agents are listed in does not matter; a larger share keeps the smaller one's agents
        List<String> reversed = new java.util.ArrayList<>(AGENTS);
        java.util.Collections.reverse(reversed);
        assertThat(AdminActions.shareOfAgents(reversed, F, 7, 0.25)).isEqualTo(quarter);
        assertThat(AdminActions.shareOfAgents(AGENTS, F, 7, 0.5)).hasSize(20).containsAll(quarter);
        // another version picks other agents: a canary is not always tried on the same few
        assertThat(AdminActions.shareOfAgents(AGENTS, F, 8, 0.25)).isNotEqualTo(quarter);
    }

    @Test
    void atLeastOneAgentAndNeverAll() {
        assertThat(AdminActions.shareOfAgents(List.of("a", "b", "c"), F, 1, 0.01)).hasSize(1);
        assertThat(AdminActions.shareOfAgents(List.of("a", "b", "c", "d"), F, 1, 0.5)).hasSize(2);
        assertThatThrownBy(() -> AdminActions.shareOfAgents(AGENTS, F, 1, 1.0)).isInstanceOf(UpmException.class)
                .hasMessageContaining("activate");
        assertThatThrownBy(() -> AdminActions.shareOfAgents(AGENTS, F, 1, 0.0)).isInstanceOf(UpmException.class);
        assertThatThrownBy(() -> AdminActions.shareOfAgents(List.of(), F, 1, 0.5)).isInstanceOf(UpmException.class)
                .hasMessageContaining("no live");
    }
}
