package io.thunderline.ui.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * dataset-, trainer-, upm- and tracking-service as {@link FakeService}s, plus fast status checks, for the page
 * service's ITs. Kafka and PostgreSQL stay real (ThunderlineInfraResource).
 */
public class FakeServicesResource implements QuarkusTestResourceLifecycleManager {
    public static final FakeService DATASET = new FakeService();
    public static final FakeService TRAINER = new FakeService();
    public static final FakeService UPM = new FakeService();
    public static final FakeService TRACKING = new FakeService();
    public static final String INSTANCE = "it-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.rest-client.dataset.url", DATASET.url());
        config.put("quarkus.rest-client.trainer.url", TRAINER.url());
        config.put("quarkus.rest-client.upm.url", UPM.url());
        config.put("quarkus.rest-client.tracking.url", TRACKING.url());
        config.put("thunderline.ui.instance", INSTANCE);
        config.put("thunderline.ui.status.interval", "1s");
        config.put("thunderline.ui.status.queued-too-long", "2s");
        return config;
    }

    @Override
    public void stop() {
        // the fakes live as long as the JVM: other test classes of this run may still use them
    }
}
