package io.thunderline.tracking;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thunderline.infra.Infra;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ServiceKeys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared Kafka and PostgreSQL, and an MLflow URL on a port of the test's own: the test starts, stops and restarts
 * an MLflow server there itself (tracking-service starts fine without one). The test run's keys too, as
 * ThunderlineInfraResource gives them: without a public key the service refuses every call, the test's admin token
 * included.
 */
public class OwnMlflowPortResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(Infra.shared().endpoints().quarkusConfig());
        config.put("thunderline.mlflow.url", "http://127.0.0.1:" + Ports.free());
        config.putAll(ServiceKeys.forTestRun().quarkusConfig());
        return config;
    }

    @Override
    public void stop() {
        // the shared servers stop with the JVM
    }
}
