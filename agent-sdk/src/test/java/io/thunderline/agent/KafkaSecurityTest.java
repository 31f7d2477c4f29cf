package io.thunderline.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"upm-agent\" password=\"s3cret\";";

    @Test
    void nothingSetMeansPlaintextAsBefore() {
        assertThat(KafkaSecurity.properties(Map.of("PATH", "/bin", "KAFKA_SASL_MECHANISM", " "), List.of())).isEmpty();
        assertThat(KafkaSecurity.describe(Map.of())).isEqualTo("plaintext, no authentication");
    }

    @Test
    void theServicesVariablesBecomeClientSettings() {
        Map<String, String> p = KafkaSecurity.properties(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS), List.of());
        assertThat(p).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS));
        assertThat(KafkaSecurity.describe(p)).contains("SCRAM-SHA-512").contains("sasl.jaas.config=***").doesNotContain("s3cret");
    }

    @Test
    void optionsWinOverTheEnvironment() {
        Map<String, String> p = KafkaSecurity.properties(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "KAFKA_SASL_JAAS_CONFIG", JAAS),
                List.of("security.protocol=SASL_SSL", "ssl.truststore.location=/etc/kafka/ca.p12", "client.rack=a=b"));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("client.rack", "a=b");
    }

    @Test
    void mistakesSayWhatToDo() {
        assertThatThrownBy(() -> KafkaSecurity.properties(Map.of(), List.of("security.protocol")))
                .hasMessageContaining("--kafka-property takes key=value");
        assertThatThrownBy(() -> KafkaSecurity.properties(Map.of(), List.of("=x")))
                .hasMessageContaining("--kafka-property takes key=value");
        assertThatThrownBy(() -> KafkaSecurity.properties(Map.of(), List.of("bootstrap.servers=k:9092")))
                .hasMessageContaining("use --kafka");
        assertThatThrownBy(() -> KafkaSecurity.properties(Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS), List.of()))
                .hasMessageContaining("KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT");
    }

    @Test
    void theOptionMayBeRepeated() {
        String[] args = {"--agent-id", "a1", "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property=sasl.mechanism=SCRAM-SHA-512", "--families", "sentiment_analysis"};
        assertThat(AgentMain.parse(args)).containsEntry("agent-id", "a1");
        assertThat(AgentMain.kafkaProperties(args)).containsExactly("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512");
    }
}
