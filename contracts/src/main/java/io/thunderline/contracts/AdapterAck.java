package io.thunderline.contracts;

import java.time.Instant;

/** upm.adapter-acks: an agent reports whether it applied an adapter version (and why not). */
public record AdapterAck(int schemaVersion, String agentId, ModelType family, long version, boolean applied,
                         String error, Instant at) {
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
