package io.thunderline.agent;

import io.thunderline.contracts.ModelType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentMainTest {
    @Test
    void readsTheDocumentedOptions() {
        Map<String, String> o = AgentMain.parse(new String[]{"--agent-id", "a1", "--families", "sentiment_analysis",
                "--port=9101", "--kafka", "127.0.0.1:9092", "--verify-weights", "--upm-url", "http://127.0.0.1:8083"});
        assertThat(o).containsEntry("agent-id", "a1").containsEntry("port", "9101").containsEntry("verify-weights", "true")
                .containsEntry("upm-url", "http://127.0.0.1:8083");
        assertThat(AgentMain.families("sentiment_analysis, text_classification"))
                .containsExactlyInAnyOrder(ModelType.SENTIMENT_ANALYSIS, ModelType.TEXT_CLASSIFICATION);
    }

    @Test
    void badOptionsSayWhatToDo() {
        assertThatThrownBy(() -> AgentMain.parse(new String[]{"--agentid", "a1"})).hasMessageContaining("unknown option --agentid");
        assertThatThrownBy(() -> AgentMain.parse(new String[]{"--port"})).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> AgentMain.families("sentiment")).hasMessageContaining("unknown family 'sentiment'");
        assertThatThrownBy(() -> UpmAgent.builder().agentId("a").families(ModelType.GENERAL_CHAT).bootstrapServers("x:1").build())
                .hasMessageContaining("general_chat has no UPM model");
        assertThatThrownBy(() -> UpmAgent.builder().families(ModelType.SENTIMENT_ANALYSIS).bootstrapServers("x:1").build())
                .hasMessageContaining("agentId is required");
    }
}
