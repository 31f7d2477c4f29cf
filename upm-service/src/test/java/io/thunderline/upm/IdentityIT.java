package io.thunderline.upm;

import io.thunderline.infra.GuardedProcess;
import io.thunderline.infra.Infra;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceSpec;
import io.thunderline.infra.TestTokens;
import io.thunderline.infra.UpmTestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call upm-service (its packaged jar, as in production): nobody without a token of the deployment's key for
 * this service; agents with the agent key reach adapter payloads and feedback and nothing else; people read UPM's
 * state, admins change it; the page's own token reads the status.
 */
class IdentityIT {
    private static final String SELF = "upm-service";
    private static final String F = "text_classification";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Infra infra;
    private static GuardedProcess service;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        infra = Infra.startOrReuse(Infra.Options.forTests("upm-identity"));
        String run = UpmTestConfig.newRun();
        Map<String, String> config = UpmTestConfig.isolated(infra.endpoints(), run);
        port = freePort();
        config.put("quarkus.http.port", Integer.toString(port));
        ServiceSpec spec = ServiceSpec.named(SELF);
        assertThat(spec.jar()).as("packaged upm-service (mvn package)").exists();
        List<String> command = spec.javaCommand();
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", spec.jar().toString()));
        Path log = ProjectPaths.testState("upm-identity").resolve("upm-service-" + run + ".log");
        service = GuardedProcess.start(SELF, command, spec.jar().getParent(), log, Map.of(), 20);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(service.alive()).as("upm-service running; see " + log).isTrue();
            try {
                return call("GET", "/q/health/ready", null, null).statusCode() == 200;
            } catch (IOException notListeningYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(30);
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void withoutAValidTokenEveryCallIs401ProblemJson() throws Exception {
        List<String[]> calls = List.of(new String[]{"GET", "/upm/status"}, new String[]{"GET", "/upm/families"},
                new String[]{"GET", "/upm/snapshots"}, new String[]{"GET", "/upm/agents"},
                new String[]{"GET", "/upm/adapters"}, new String[]{"GET", "/upm/drift"},
                new String[]{"GET", "/upm/families/" + F + "/feedback"},
                new String[]{"GET", "/upm/adapters/" + F + "/1/payload"},
                new String[]{"POST", "/upm/families/" + F + "/feedback"},
                new String[]{"POST", "/upm/snapshots/" + F + "/1/activate"},
                new String[]{"PUT", "/upm/enabled?on=false"}, new String[]{"GET", "/no/such/path"});
        int refused = 0;
        for (String[] c : calls) {
            refused += unauthorized(call(c[0], c[1], null, null));
            refused += unauthorized(call(c[0], c[1], "Authorization", TestTokens.admin("trainer-service")));
            refused += unauthorized(call(c[0], c[1], "Authorization", TestTokens.expired("admin", SELF)));
            refused += unauthorized(call(c[0], c[1], "Authorization", TestTokens.foreignKey(SELF)));
            refused += unauthorized(call(c[0], c[1], "X-Agent-Key", "not-the-key"));
        }
        assertThat(refused).isEqualTo(calls.size() * 5);
        // UPM was not switched off by any of that
        assertThat(call("GET", "/upm/status", "Authorization", TestTokens.admin(SELF)).body()).contains("\"enabled\":true");
    }

    @Test
    void agentsReachAdapterPayloadsAndFeedbackOnly() throws Exception {
        String key = TestTokens.agentKey();
        // no such payload or snapshot yet: the service's own 404, past the door
        HttpResponse<String> payload = call("GET", "/upm/adapters/" + F + "/1/payload", "X-Agent-Key", key);
        assertThat(payload.statusCode()).as(payload.body()).isEqualTo(404);
        HttpResponse<String> feedback = send("POST", "/upm/families/" + F + "/feedback", "X-Agent-Key", key,
                "{\"feedbackId\":\"f-1\",\"agentId\":\"a-1\",\"version\":1,\"predicted\":\"x\",\"correct\":true}");
        assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(404);
        assertThat(feedback.body()).contains("no snapshot");
        for (String path : List.of("/upm/status", "/upm/families", "/upm/agents", "/upm/snapshots")) {
            HttpResponse<String> r = call("GET", path, "X-Agent-Key", key);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("\"field\":\"Authorization\"");
        }
        assertThat(call("POST", "/upm/snapshots/" + F + "/1/activate", "X-Agent-Key", key).statusCode()).isEqualTo(403);
    }

    @Test
    void peopleReadAdminsChangeThePageReadsTheStatus() throws Exception {
        String alice = TestTokens.user("alice", SELF);
        for (String path : List.of("/upm/status", "/upm/families", "/upm/agents", "/upm/snapshots", "/upm/drift")) {
            assertThat(call("GET", path, "Authorization", alice).statusCode()).as(path).isEqualTo(200);
        }
        List<Integer> changes = new ArrayList<>();
        for (String[] c : List.of(new String[]{"POST", "/upm/snapshots/" + F + "/1/activate"},
                new String[]{"POST", "/upm/snapshots/" + F + "/1/rollback"},
                new String[]{"DELETE", "/upm/snapshots/" + F + "/1/canary"},
                new String[]{"PUT", "/upm/enabled?on=false"})) {
            changes.add(call(c[0], c[1], "Authorization", alice).statusCode());
        }
        assertThat(changes).containsOnly(403);
        // the admin gets past the door (no snapshot v1 here: the service's own refusal, not the door's)
        assertThat(call("POST", "/upm/snapshots/" + F + "/1/activate", "Authorization", TestTokens.admin(SELF))
                .statusCode()).isNotIn(401, 403);
        String page = TestTokens.service("prompt-ui-service", SELF);
        assertThat(call("GET", "/upm/status", "Authorization", page).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/upm/families", "Authorization", page).statusCode()).isEqualTo(403);
    }

    private static HttpResponse<String> call(String method, String path, String header, String value) throws Exception {
        return send(method, path, header, value, null);
    }

    private static HttpResponse<String> send(String method, String path, String header, String value, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (header != null) {
            b.header(header, value);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int unauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"field\":\"Authorization\"");
        return 1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
