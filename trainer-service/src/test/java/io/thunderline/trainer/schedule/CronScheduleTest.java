package io.thunderline.trainer.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronScheduleTest {

    @Test
    void fiveFieldsAreUnixCronInUtc() {
        CronSchedule nightly = CronSchedule.parse("0 3 * * *");
        assertThat(nightly.next(Instant.parse("2026-11-25T10:15:00Z"))).contains(Instant.parse("2026-11-26T03:00:00Z"));
        assertThat(nightly.next(Instant.parse("2026-11-25T02:59:59Z"))).contains(Instant.parse("2026-11-25T03:00:00Z"));
        assertThat(nightly.shortestGap(Instant.parse("2026-11-25T00:00:00Z"), 5)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void sixFieldsAreQuartzCronWithSeconds() {
        CronSchedule everyTwoSeconds = CronSchedule.parse("*/2 * * * * ?");
        assertThat(everyTwoSeconds.next(Instant.parse("2026-11-25T10:15:01Z"))).contains(Instant.parse("2026-11-25T10:15:02Z"));
        assertThat(everyTwoSeconds.next(Instant.parse("2026-11-25T10:15:02Z"))).contains(Instant.parse("2026-11-25T10:15:04Z"));
        assertThat(everyTwoSeconds.shortestGap(Instant.parse("2026-11-25T10:15:00Z"), 10)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void extraSpacesAreTolerated() {
        assertThat(CronSchedule.parse("  0   3 * *  * ").expression()).isEqualTo("0 3 * * *");
    }

    @Test
    void badCronsSayWhatIsWrongAndHowToWriteOne() {
        assertThatThrownBy(() -> CronSchedule.parse("every night")).hasMessageContaining("has 2 fields")
                .hasMessageContaining("0 3 * * *");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("is not valid")
                .hasMessageContaining("6-7 Quartz fields");
        assertThatThrownBy(() -> CronSchedule.parse(" ")).hasMessageContaining("cron is empty");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 1 1 ? 2001")).hasMessageContaining("never fires again");
    }
}
