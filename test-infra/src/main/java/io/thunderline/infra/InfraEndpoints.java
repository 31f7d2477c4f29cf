package io.thunderline.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where Kafka, PostgreSQL and MLflow answer. The environment names that .ci/run exports (KAFKA_BOOTSTRAP_SERVERS,
 * PG_URL, PG_USER, PG_PASSWORD, MLFLOW_URL) are the same ones {@link #fromEnvironment()} reads.
 */
public record InfraEndpoints(String kafkaBootstrap, String pgUrl, String pgUser, String pgPassword,
                             Optional<String> mlflowUrl) {

    public static Optional<InfraEndpoints> fromEnvironment() {
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        String pg = System.getenv("PG_URL");
        if (kafka == null || kafka.isBlank() || pg == null || pg.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new InfraEndpoints(kafka, pg,
                System.getenv().getOrDefault("PG_USER", PostgresServer.USER),
                System.getenv().getOrDefault("PG_PASSWORD", PostgresServer.PASSWORD),
                Optional.ofNullable(System.getenv("MLFLOW_URL")).filter(s -> !s.isBlank())));
    }

    /** PG_URL is postgresql://host:port/db (as the Vert.x reactive client wants it); JDBC prefixes "jdbc:". */
    public String pgJdbcUrl() {
        return "jdbc:" + pgUrl;
    }

    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("PG_URL", pgUrl);
        env.put("PG_USER", pgUser);
        env.put("PG_PASSWORD", pgPassword);
        mlflowUrl.ifPresent(url -> env.put("MLFLOW_URL", url));
        return env;
    }

    /** Quarkus configuration pointing a service at these servers. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        config.put("quarkus.datasource.reactive.url", pgUrl);
        config.put("quarkus.datasource.jdbc.url", pgJdbcUrl());
        config.put("quarkus.datasource.username", pgUser);
        config.put("quarkus.datasource.password", pgPassword);
        mlflowUrl.ifPresent(url -> config.put("thunderline.mlflow.url", url));
        return config;
    }
}
