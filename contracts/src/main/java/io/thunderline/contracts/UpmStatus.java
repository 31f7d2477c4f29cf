package io.thunderline.contracts;

import java.time.Instant;

/** upm.status: the UPM panel of the page, computed by upm-service. */
public record UpmStatus(int schemaVersion, int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced,
                        int agentsTotal, boolean enabled, Instant at) {
    public static final String KEY = "status";

    public UpmStatus {
        Require.schemaVersion(schemaVersion);
        Require.atLeast(activeTrainers, 0, "activeTrainers");
        Require.atLeast(snapshots24h, 0, "snapshots24h");
        Require.atLeast(agentsSynced, 0, "agentsSynced");
        Require.atLeast(agentsTotal, agentsSynced, "agentsTotal");
        Require.present(at, "at");
    }
}
