package io.thunderline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * upm.adapters (compacted): the weights agents should hold. {@code baseVersion} null means {@code payload} holds full
 * weights; otherwise a sparse delta from that version. Either payload or fetchUrl.
 *
 * <p>{@code targets} says who applies it: null = every agent of the family (key = family); a list = only those agents
 * (a canary, key = family + {@value #CANARY_KEY_SUFFIX}, so it never replaces what every other agent needs on the
 * compacted topic); an empty list = nobody (retires the family's canary record; no payload needed).
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
        Instant at,
        List<String> targets) {

    public static final String CANARY_KEY_SUFFIX = "#canary";

    public AdapterEvent {
        Require.schemaVersion(schemaVersion);
        Require.present(family, "family");
        Require.atLeast(version, 1, "version");
        targets = targets == null ? null : List.copyOf(targets);
        boolean retiring = targets != null && targets.isEmpty();
        if (!retiring) {
            if (checksum == null && targets == null && payload == null) {
                // most likely a canary retirement that lost its empty target list
                throw new InvalidEventException("missing required field 'checksum' (or 'targets': [] to retire a canary)");
            }
            Require.present(checksum, "checksum");
            Require.present(encoding, "encoding");
            if ((payload == null || payload.isEmpty()) && (fetchUrl == null || fetchUrl.isEmpty())) {
                throw new InvalidEventException("missing required field 'payload' (or 'fetchUrl')");
            }
        }
        Require.present(at, "at");
    }

    /** An adapter for every agent of the family. */
    public AdapterEvent(int schemaVersion, ModelType family, long version, Long baseVersion, String checksum,
                        String encoding, String payload, String fetchUrl, Instant at) {
        this(schemaVersion, family, version, baseVersion, checksum, encoding, payload, fetchUrl, at, null);
    }

    /** The record that retires a family's canary: agents that held the canary are sent the active version apart. */
    public static AdapterEvent retireCanary(ModelType family, long version, Instant at) {
        return new AdapterEvent(Contracts.SCHEMA_VERSION, family, version, null, null, null, null, null, at, List.of());
    }

    public boolean full() {
        return baseVersion == null;
    }

    public boolean canary() {
        return targets != null;
    }

    /** Whether the agent with this id applies it. */
    public boolean addressedTo(String agentId) {
        return targets == null || targets.contains(agentId);
    }

    /** The Kafka key: the family, or the family's canary slot. */
    public String key() {
        return canary() ? family.wireName() + CANARY_KEY_SUFFIX : family.wireName();
    }

    /** The family a upm.adapters key names (either slot); empty for a key that is not one. */
    public static Optional<ModelType> familyOfKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String name = key.endsWith(CANARY_KEY_SUFFIX) ? key.substring(0, key.length() - CANARY_KEY_SUFFIX.length()) : key;
        try {
            return Optional.of(ModelType.fromWire(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
