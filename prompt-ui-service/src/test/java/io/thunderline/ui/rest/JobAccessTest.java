package io.thunderline.ui.rest;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobAccessTest {
    @Test
    void onlyIdsThatCanNameAJobAreLookedUp() {
        assertThat(JobAccess.plausible(UUID.randomUUID().toString())).isTrue();
        assertThat(JobAccess.plausible("alice-" + UUID.randomUUID())).isTrue();
        assertThat(JobAccess.plausible("0123456789abcdef")).isTrue();
        for (String hostile : new String[]{null, "", "../../etc/passwd", "\0", "1' OR '1'='1", "x".repeat(129),
                "<script>"}) {
            assertThat(JobAccess.plausible(hostile)).as(hostile).isFalse();
        }
    }
}
