package io.thunderline.ui.browser;

import io.thunderline.contracts.Topics;
import io.thunderline.infra.Infra;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceFleet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every browser test starts with: the whole stack (unless THUNDERLINE_UI_URL names a running page) and a
 * headless Chromium. upm-service gets a schema and consumer groups of its own, starting at the end of the UPM topics:
 * the shared servers hold what other tests' upm-services received and stored (windows, agents' acks).
 *
 * @param fleet  the services this test started; null when it uses a running page
 * @param ui     the page's base URL
 * @param images docs/images, where the screenshots of the user guide go
 */
record BrowserStack(ServiceFleet fleet, String ui, Browser browser, Path images) {

    /**
     * Starts the stack and the browser, or skips the test class where no browser is installed (in CI, where .ci/run
     * installs it, a missing browser fails instead). {@code name} names the logs' folders under target/ and
     * upm-service's schema; {@code upmSettings} are added to upm-service's settings.
     */
    static BrowserStack start(String name, Map<String, String> upmSettings) {
        String missing = "needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            assertThat(Browser.available()).as(missing).isTrue();
        }
        Assumptions.assumeTrue(Browser.available(), missing);
        Path target = Path.of("target").toAbsolutePath();
        ServiceFleet fleet = null;
        String ui = System.getenv("THUNDERLINE_UI_URL");
        if (ui == null || ui.isBlank()) {
            String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String group = "upm-" + name + "-" + run;
            startAtEnd(Infra.shared().endpoints().kafkaBootstrap(), group, Topics.FEATURE_WINDOWS, Topics.ADAPTER_ACKS);
            Map<String, String> settings = new HashMap<>(upmSettings);
            settings.put("UPM_SCHEMA", "upm_" + name + "_" + run);
            settings.put("UPM_CONSUMER_GROUP", group);
            fleet = new ServiceFleet(Infra.shared().endpoints(), target.resolve(name + "-stack-logs"), spec -> Ports.free())
                    .startAll(settings, Duration.ofSeconds(400));
            ui = fleet.get("prompt-ui-service").url();
        }
        return new BrowserStack(fleet, ui, new Browser(target.resolve(name + "-browser-logs")),
                ProjectPaths.root().resolve("docs/images"));
    }

    WebDriver web() {
        return browser.web();
    }

    void close() {
        browser.close();
        if (fleet != null) {
            fleet.close();
        }
    }

    /** Commits {@code group}'s offsets at the current end of each topic that exists, so its consumers start there. */
    static void startAtEnd(String bootstrap, String group, String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                            .partitions().forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                }
            }
            if (wanted.isEmpty()) {
                return; // a fresh broker: nothing to skip
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(wanted).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot position consumer group " + group, e);
        }
    }
}
