package io.thunderline.upm.service;

import io.thunderline.contracts.DriftVerdict;
import io.thunderline.ml.online.DriftReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DriftMonitorTest {
    @Test
    void p95OverTheThresholdQuarantinesAndPsiOnlyWarns() {
        assertThat(DriftMonitor.verdict(new DriftReport(0.25, 0.01, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.QUARANTINED);
        assertThat(DriftMonitor.verdict(new DriftReport(0.2, 0.01, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.WARN);
        assertThat(DriftMonitor.verdict(new DriftReport(0.05, 0.5, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.WARN);
        assertThat(DriftMonitor.verdict(new DriftReport(0.05, 0.05, 100), 0.2, 0.2)).isEqualTo(DriftVerdict.OK);
    }
}
