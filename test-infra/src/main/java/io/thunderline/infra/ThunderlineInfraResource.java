package io.thunderline.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: points the service under test at real Kafka and PostgreSQL (and MLflow when installed) and
 * gives it the test run's keys ({@link ServiceKeys}),
 * shared by every test class of the JVM. Use with {@code @QuarkusTestResource(ThunderlineInfraResource.class)}.
 */
public class ThunderlineInfraResource implements QuarkusTestResourceLifecycleManager {
    private boolean mlflow;

    /** initArgs: mlflow=true also starts (or reuses) an MLflow server. */
    @Override
    public void init(Map<String, String> initArgs) {
        mlflow = Boolean.parseBoolean(initArgs.getOrDefault("mlflow", "false"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.LinkedHashMap<>(
                (mlflow ? Infra.sharedWithMlflow() : Infra.shared()).endpoints().quarkusConfig());
        // the test run's key pair: the service verifies TestTokens' tokens and signs its own calls with it
        config.putAll(ServiceKeys.forTestRun().quarkusConfig());
        return config;
    }

    @Override
    public void stop() {
        // the shared servers stop with the JVM, so the next test class does not pay for a restart
    }
}
