package io.thunderline.tracking.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowArtifactsTest {
    @Test
    void theRunsRootBehindTheProxy() {
        assertThat(MlflowArtifacts.root("mlflow-artifacts:/1/abc/artifacts")).isEqualTo("1/abc/artifacts");
        assertThat(MlflowArtifacts.root("mlflow-artifacts://mlflow:5000/7/abc/artifacts")).isEqualTo("7/abc/artifacts");
    }

    @Test
    void aRunWhoseArtifactsAreNotProxiedIsRefusedWithTheFix() {
        assertThatThrownBy(() -> MlflowArtifacts.root("/var/mlruns/1/abc/artifacts"))
                .isInstanceOf(MlflowRejectedException.class)
                .hasMessageContaining("--serve-artifacts");
    }

    @Test
    void pathSegmentsAreEncodedOneByOne() {
        assertThat(MlflowArtifacts.encodePath("model/my model#1.bin")).isEqualTo("model/my%20model%231.bin");
    }
}
