package io.thunderline.contracts;

import java.time.Instant;
import java.util.List;

/**
 * upm.status: the UPM panel of the page, computed by upm-service.
 *
 * <p>Since the agent heartbeat (issue 18) three optional parts follow the counts; a status without them (an older
 * upm-service) reads with nulls there:
 * <ul>
 *   <li>{@code agentsOffline}: agents that stopped answering (no ack or heartbeat for the offline time) but are still
 *       counted in {@code agentsTotal} until they are forgotten; {@code offlineAfterSeconds} is that offline time;</li>
 *   <li>{@code families}: per family, the feature windows received and how many more the next snapshot needs;</li>
 *   <li>{@code agents}: every agent counted in the total, with its state (waiting for a first model, synced, behind,
 *       offline).</li>
 * </ul>
 */
public record UpmStatus(int schemaVersion, int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced,
                        int agentsTotal, boolean enabled, Instant at, Integer agentsOffline, Integer offlineAfterSeconds,
                        List<Family> families, List<Agent> agents) {
    public static final String KEY = "status";

    public UpmStatus {
        Require.schemaVersion(schemaVersion);
        Require.atLeast(activeTrainers, 0, "activeTrainers");
        Require.atLeast(snapshots24h, 0, "snapshots24h");
        Require.atLeast(agentsSynced, 0, "agentsSynced");
        Require.atLeast(agentsTotal, agentsSynced, "agentsTotal");
        Require.present(at, "at");
        families = families == null ? null : List.copyOf(families);
        agents = agents == null ? null : List.copyOf(agents);
    }

    /** The status as it was before the optional parts. */
    public UpmStatus(int schemaVersion, int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced,
                     int agentsTotal, boolean enabled, Instant at) {
        this(schemaVersion, activeTrainers, snapshots24h, driftP95, agentsSynced, agentsTotal, enabled, at, null, null, null, null);
    }

    /**
     * One family's progress towards its next snapshot: {@code windowsReceived} in all, {@code windowsPending} not yet
     * applied (UPM off, or the trainer catching up), {@code windowsSinceSnapshot} applied since the last snapshot,
     * a snapshot every {@code snapshotEvery} applied windows, so {@code windowsToNextSnapshot} more are needed;
     * {@code activeVersion} is the version agents are served (null before the first snapshot).
     */
    public record Family(ModelType family, long windowsReceived, long windowsPending, long windowsSinceSnapshot,
                         int snapshotEvery, long windowsToNextSnapshot, Long activeVersion) {
    }

    /** States of an agent in the panel. */
    public static final String WAITING = "waiting", SYNCED = "synced", BEHIND = "behind", OFFLINE = "offline";

    /**
     * An agent counted in the total: {@code state} is waiting (subscribed, no model of a followed family yet), synced
     * (holds every followed family's active version), behind (holds an older one, or refused the latest) or offline
     * (nothing heard for the offline time); {@code heldVersions} maps family to the version held.
     */
    public record Agent(String agentId, List<ModelType> families, String state, java.util.Map<String, Long> heldVersions,
                        Instant lastSeen) {
    }
}
