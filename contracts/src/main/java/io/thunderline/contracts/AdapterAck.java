package io.thunderline.contracts;

import java.time.Instant;

/**
 * upm.adapter-acks: an agent reports whether it applied an adapter version (and why not). Agents also re-send what
 * they hold as a heartbeat; an agent that follows a family it holds no model of yet heartbeats it with version
 * {@link #NO_MODEL} (applied, no error): "subscribed, waiting for a first model"; an agent whose latest adapter of a
 * family was refused heartbeats it the same way (alive; the refusal stands). Snapshot versions start at 1.
 */
public record AdapterAck(int schemaVersion, String agentId, ModelType family, long version, boolean applied,
                         String error, Instant at) {
    /** The version of "no model held yet". */
    public static final long NO_MODEL = 0;

    /** The heartbeat of an agent that follows {@code family} but holds no model of it yet. */
    public static AdapterAck waiting(String agentId, ModelType family, Instant at) {
        return new AdapterAck(Contracts.SCHEMA_VERSION, agentId, family, NO_MODEL, true, null, at);
    }

    public boolean waiting() {
        return applied && version == NO_MODEL;
    }

    public AdapterAck {
        Require.schemaVersion(schemaVersion);
        Require.present(agentId, "agentId");
        Require.present(family, "family");
        Require.atLeast(version, 0, "version");
        if (!applied) {
            Require.present(error, "error");
        }
        Require.present(at, "at");
    }
}
