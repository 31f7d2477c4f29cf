package io.thunderline.tracking.client;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerOriginTest {
    @Test
    void onlyTheTrainersOwnSchemeHostAndPortGetTheToken() {
        TrainerOrigin trainer = new TrainerOrigin("http://trainer-service:8082");
        assertThat(trainer.admits(URI.create("http://trainer-service:8082/models/job-1/file"))).isTrue();
        assertThat(trainer.admits(URI.create("HTTP://Trainer-Service:8082/models/job-1/file"))).isTrue();
        assertThat(trainer.admits(URI.create("http://trainer-service:8083/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("http://trainer-service/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("https://trainer-service:8082/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("http://evil.example:8082/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("http://trainer-service.evil.example:8082/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("http://trainer-service:8082@evil.example/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("http://x@trainer-service:8082/models/job-1/file"))).isFalse();
        assertThat(trainer.admits(URI.create("file:///etc/passwd"))).isFalse();
        assertThat(trainer.admits(URI.create("/models/job-1/file"))).isFalse();
    }

    @Test
    void aDefaultPortIsTheSchemesAndAStarAdmitsEveryPortOfTheHostOnly() {
        TrainerOrigin https = new TrainerOrigin("https://trainer.example.com/");
        assertThat(https.admits(URI.create("https://trainer.example.com:443/models/j/file"))).isTrue();
        assertThat(https.admits(URI.create("https://trainer.example.com:8443/models/j/file"))).isFalse();

        TrainerOrigin anyPort = new TrainerOrigin("http://127.0.0.1:*");
        assertThat(anyPort.admits(URI.create("http://127.0.0.1:40123/models/j/file"))).isTrue();
        assertThat(anyPort.admits(URI.create("http://127.0.0.1/models/j/file"))).isTrue();
        assertThat(anyPort.admits(URI.create("http://localhost:40123/models/j/file"))).isFalse();
        assertThat(anyPort.admits(URI.create("https://127.0.0.1:40123/models/j/file"))).isFalse();
    }

    @Test
    void aSettingThatIsNoAbsoluteUrlIsNamed() {
        assertThatThrownBy(() -> new TrainerOrigin("trainer-service:8082"))
                .hasMessageContaining("thunderline.tracking.model-fetch.trainer-url");
        assertThatThrownBy(() -> new TrainerOrigin("/models"))
                .hasMessageContaining("not an absolute http(s) URL");
    }
}
