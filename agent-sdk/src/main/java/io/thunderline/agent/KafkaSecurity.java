package io.thunderline.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka client settings the runnable agent adds to both its consumer and its producer: how it authenticates to a
 * cluster that asks for it. From the environment, the same variables the Quarkus services read (Kubernetes fills them
 * from the Secret Strimzi makes for the agent's KafkaUser, see deploy/README.md "Security"):
 * <ul>
 *   <li>{@code KAFKA_SECURITY_PROTOCOL} → {@code security.protocol} (e.g. {@code SASL_PLAINTEXT}, {@code SASL_SSL}, {@code SSL})</li>
 *   <li>{@code KAFKA_SASL_MECHANISM} → {@code sasl.mechanism} (e.g. {@code SCRAM-SHA-512})</li>
 *   <li>{@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}</li>
 * </ul>
 * then each {@code --kafka-property key=value} of the command line, which wins over the environment. With none of
 * them set the result is empty: the agent talks plaintext without authentication, as to the local stack's broker.
 */
public final class KafkaSecurity {
    /** Environment variable → Kafka client property. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "KAFKA_SECURITY_PROTOCOL", "security.protocol",
            "KAFKA_SASL_MECHANISM", "sasl.mechanism",
            "KAFKA_SASL_JAAS_CONFIG", "sasl.jaas.config");
    private static final Set<String> SECRET = Set.of("sasl.jaas.config", "ssl.key.password", "ssl.keystore.password",
            "ssl.truststore.password", "ssl.keystore.key");

    private KafkaSecurity() {
    }

    /**
     * The client properties from {@code env} and the {@code key=value} strings of {@code --kafka-property}.
     *
     * @throws IllegalArgumentException naming the option or variable at fault
     */
    public static Map<String, String> properties(Map<String, String> env, List<String> keyValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String variable : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                out.put(ENVIRONMENT.get(variable), value.strip());
            }
        }
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || kv.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("--kafka-property takes key=value (a Kafka client setting, e.g. "
                        + "--kafka-property security.protocol=SASL_SSL), not '" + kv + "'");
            }
            String key = kv.substring(0, eq).strip();
            if (key.equals("bootstrap.servers")) {
                throw new IllegalArgumentException("--kafka-property bootstrap.servers: use --kafka HOST:PORT instead");
            }
            out.put(key, kv.substring(eq + 1));
        }
        String protocol = out.getOrDefault("security.protocol", "PLAINTEXT");
        if (out.containsKey("sasl.jaas.config") && !protocol.toUpperCase().startsWith("SASL_")) {
            throw new IllegalArgumentException("a SASL login (KAFKA_SASL_JAAS_CONFIG or sasl.jaas.config) is set but the "
                    + "security protocol is " + protocol + ": set KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT (or SASL_SSL) "
                    + "and KAFKA_SASL_MECHANISM=SCRAM-SHA-512");
        }
        return out;
    }

    /** The properties for a log line: secrets (the JAAS login with its password, key passwords) shown as {@code ***}. */
    public static String describe(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return "plaintext, no authentication";
        }
        Map<String, String> shown = new LinkedHashMap<>();
        properties.forEach((k, v) -> shown.put(k, SECRET.contains(k) ? "***" : v));
        return shown.toString();
    }
}
