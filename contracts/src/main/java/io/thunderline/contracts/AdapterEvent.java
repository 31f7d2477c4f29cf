package io.thunderline.contracts;

import java.time.Instant;

/**
 * upm.adapters (compacted, keyed by family): the weights agents should hold. {@code baseVersion} null means
 * {@code payload} holds full weights; otherwise a sparse delta from that version. Either payload or fetchUrl.
 */
public record AdapterEvent(
        int schemaVersion,
        ModelType family,
        long version,
        Long baseVersion,
        String checksum,
        String encoding,
        String payload,
        String fetchUrl,
        Instant at) {

    public AdapterEvent {
        Require.schemaVersion(schemaVersion);
        Require.present(family, "family");
        Require.atLeast(version, 1, "version");
        Require.present(checksum, "checksum");
        Require.present(encoding, "encoding");
        if ((payload == null || payload.isEmpty()) && (fetchUrl == null || fetchUrl.isEmpty())) {
            throw new InvalidEventException("missing required field 'payload' (or 'fetchUrl')");
        }
        Require.present(at, "at");
    }

    public boolean full() {
        return baseVersion == null;
    }
}
