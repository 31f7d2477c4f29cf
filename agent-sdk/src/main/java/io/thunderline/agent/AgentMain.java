package io.thunderline.agent;

import io.thunderline.contracts.ModelType;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runnable agent:
 * <pre>
 * java -jar agent-sdk/target/upm-agent.jar --agent-id a1 --families sentiment_analysis --port 9101 --kafka 127.0.0.1:9092
 * </pre>
 * Options: {@code --agent-id} (required), {@code --families} (comma-separated, required), {@code --port} (HTTP port,
 * default 9101), {@code --kafka} (bootstrap servers, default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092),
 * {@code --heartbeat-seconds} (default 10), {@code --verify-weights} (check every weight's checksum after each
 * adapter), {@code --bind} (default 127.0.0.1), {@code --upm-url} (upm-service, where judged predictions go; default
 * $UPM_SERVICE_URL, unset: no feedback), {@code --kafka-property key=value} (a Kafka client setting for both clients,
 * repeatable). A cluster that authenticates its clients is reached through $KAFKA_SECURITY_PROTOCOL,
 * $KAFKA_SASL_MECHANISM and $KAFKA_SASL_JAAS_CONFIG ({@link KafkaSecurity}). See {@link AgentHttp} for the endpoints.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("upm-agent: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        UpmAgent agent;
        int port;
        Map<String, String> security;
        try {
            port = Integer.parseInt(options.getOrDefault("port", "9101"));
            security = KafkaSecurity.properties(System.getenv(), kafkaProperties(args));
            UpmAgent.Builder builder = UpmAgent.builder()
                    .agentId(options.get("agent-id"))
                    .families(families(options.get("families")))
                    .bootstrapServers(options.getOrDefault("kafka",
                            System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")))
                    .heartbeat(Duration.ofSeconds(Long.parseLong(options.getOrDefault("heartbeat-seconds", "10"))))
                    .verifyWeights(options.containsKey("verify-weights"))
                    .upmUrl(options.getOrDefault("upm-url", System.getenv("UPM_SERVICE_URL")));
            security.forEach(builder::kafkaProperty);
            agent = builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("upm-agent: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        AgentHttp http = AgentHttp.start(agent, new InetSocketAddress(options.getOrDefault("bind", "127.0.0.1"), port));
        agent.start();
        System.out.println("upm-agent " + agent.agentId() + " follows " + agent.families().stream().map(ModelType::wireName).toList()
                + "; predictions at http://" + options.getOrDefault("bind", "127.0.0.1") + ":" + http.port() + "/predict"
                + "; Kafka: " + KafkaSecurity.describe(security));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop();
            agent.close();
        }, "upm-agent-stop"));
        Thread.currentThread().join();
    }

    static Set<ModelType> families(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("--families is required, e.g. --families sentiment_analysis,text_classification");
        }
        Set<ModelType> out = EnumSet.noneOf(ModelType.class);
        for (String name : list.split(",")) {
            try {
                out.add(ModelType.fromWire(name.strip()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--families: unknown family '" + name.strip()
                        + "'; use text_classification and/or sentiment_analysis");
            }
        }
        return out;
    }

    /** Every {@code --kafka-property} value, in order (the option may be given several times). */
    static List<String> kafkaProperties(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--kafka-property") && i + 1 < args.length) {
                out.add(args[++i]);
            } else if (args[i].startsWith("--kafka-property=")) {
                out.add(args[i].substring("--kafka-property=".length()));
            }
        }
        return out;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = Set.of("verify-weights", "help");
        Set<String> known = Set.of("agent-id", "families", "port", "kafka", "heartbeat-seconds", "bind", "upm-url",
                "kafka-property");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (known.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                options.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + name + "; known: "
                        + Arrays.toString(known.toArray()) + " and --verify-weights");
            }
        }
        return options;
    }

    static String usage() {
        return "usage: java -jar upm-agent.jar --agent-id ID --families F1[,F2] [--port 9101] [--kafka HOST:PORT]"
                + " [--heartbeat-seconds 10] [--verify-weights] [--bind 127.0.0.1] [--upm-url http://127.0.0.1:8083]"
                + " [--kafka-property key=value]...\n"
                + "Kafka authentication (unset: plaintext, none): KAFKA_SECURITY_PROTOCOL (e.g. SASL_PLAINTEXT),"
                + " KAFKA_SASL_MECHANISM (e.g. SCRAM-SHA-512), KAFKA_SASL_JAAS_CONFIG (the KafkaUser Secret's"
                + " sasl.jaas.config); --kafka-property key=value sets any other client setting, for both clients";
    }
}
