package io.thunderline.tracking.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerClientTest {
    @Test
    void theModelFileKeepsTheNameTrainerGaveIt() {
        assertThat(TrainerClient.fileName("attachment; filename=\"job-1.tlm\"", "job-1")).isEqualTo("job-1.tlm");
        assertThat(TrainerClient.fileName("attachment; filename=model.bin", "job-1")).isEqualTo("model.bin");
    }

    @Test
    void withoutAUsableNameTheJobNamesIt() {
        assertThat(TrainerClient.fileName(null, "job-1")).isEqualTo("job-1.model");
        assertThat(TrainerClient.fileName("attachment; filename=\"../../etc\"", "job-1")).isEqualTo("job-1.model");
        assertThat(TrainerClient.fileName("attachment; filename=\"a/b c.bin\"", "job-1")).isEqualTo("a_b_c.bin");
    }
}
