package io.thunderline.contracts;

import java.time.Instant;

/** upm.drift: how far a candidate snapshot's scores moved from the active one's. */
public record DriftReport(int schemaVersion, ModelType family, long version, double p95, double psi, int samples,
                          DriftVerdict verdict, Instant at) {
    public DriftReport {
        Require.schemaVersion(schemaVersion);
        Require.present(family, "family");
        Require.atLeast(version, 1, "version");
        Require.within(p95, 0, 1, "p95");
        if (Double.isNaN(psi) || psi < 0) {
            throw new InvalidEventException("field 'psi' must be >= 0 but was " + psi);
        }
        Require.atLeast(samples, 0, "samples");
        Require.present(verdict, "verdict");
        Require.present(at, "at");
    }
}
