package io.thunderline.tracking.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelDownloadsTest {
    static final String URL = "http://trainer:8082/models/job-1/file";

    @Test
    void theServersFileNameMadeSafeElseTheUrlsElseTheJobs() {
        assertThat(ModelDownloads.fileName("attachment; filename=\"job-1.tlm\"", URL, "job-1")).isEqualTo("job-1.tlm");
        assertThat(ModelDownloads.fileName("attachment; filename=model.bin", URL, "job-1")).isEqualTo("model.bin");
        assertThat(ModelDownloads.fileName("attachment; filename=\"a/b c.bin\"", URL, "job-1")).isEqualTo("a_b_c.bin");
        assertThat(ModelDownloads.fileName("attachment; filename=\"../../etc\"", URL, "job-1")).isEqualTo("job-1.model");
        assertThat(ModelDownloads.fileName(null, URL, "job-1")).isEqualTo("job-1.model");
        assertThat(ModelDownloads.fileName(null, "http://files/m/job-1.tlm?sig=x", "job-1")).isEqualTo("job-1.tlm");
    }
}
