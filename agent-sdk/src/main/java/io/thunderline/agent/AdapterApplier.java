package io.thunderline.agent;

import io.thunderline.contracts.AdapterEvent;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.WeightsDigest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * Decides what to do with one adapter event for a family and does it: verify the checksum of the bytes received,
 * decode, check it fits what is held, install. No Kafka here, so every rule is testable on its own.
 *
 * <p>Rules: a bad checksum, an undecodable payload or a payload that disagrees with its event is refused and nothing
 * changes. A full adapter always installs (that is also how a rollback to an older version arrives). A delta
 * installs only on top of exactly its base version; otherwise it is refused with
 * {@value #MISSING_BASE} N, which upm-service answers by publishing the full weights of its active version. An
 * adapter for the version already held with the same weights checksum is acknowledged without work. After
 * installing, the weights' incremental digest must equal the adapter's (O(changed weights), always); with
 * {@code verifyWeights}, or for a payload without a digest, the SHA-256 of all weights too (a pass over the model).
 * Weights that fail either check are dropped.
 */
final class AdapterApplier {
    /** Prefix of the error an agent reports when it cannot apply a delta; upm-service answers with a full copy. */
    static final String MISSING_BASE = "missing base version";

    private final boolean verifyWeights;
    private final HttpClient http;
    /** upm-service lets agents in by this header (THUNDERLINE_AGENT_KEY); null sends none. */
    private final String agentKey;
    static final String AGENT_KEY_HEADER = "X-Agent-Key";

    AdapterApplier(boolean verifyWeights) {
        this(verifyWeights, null);
    }

    AdapterApplier(boolean verifyWeights, String agentKey) {
        this.agentKey = agentKey;
        this.verifyWeights = verifyWeights;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What happened: applied (or already held) or refused with a reason; {@code kind} is null when nothing installed. */
    record Outcome(boolean applied, String error, AdapterPayload.Kind kind) {
        static Outcome refused(String error) {
            return new Outcome(false, error, null);
        }
    }

    Outcome apply(FamilyModel model, AdapterEvent event) {
        byte[] wire;
        try {
            wire = event.payload() != null && !event.payload().isEmpty()
                    ? Base64.getDecoder().decode(event.payload()) : fetch(event.fetchUrl());
        } catch (IllegalArgumentException e) {
            return Outcome.refused("adapter version " + event.version() + " payload is not base64: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.refused("cannot fetch adapter version " + event.version() + " from " + event.fetchUrl()
                    + ": " + e.getMessage());
        }
        String actual = Checksums.sha256(wire);
        if (!actual.equalsIgnoreCase(event.checksum())) {
            return Outcome.refused("checksum mismatch for adapter version " + event.version() + ": expected "
                    + event.checksum() + ", got " + actual);
        }
        AdapterPayload payload;
        try {
            payload = AdapterPayload.decode(event.encoding(), wire);
        } catch (RuntimeException e) {
            return Outcome.refused("cannot decode adapter version " + event.version() + ": " + e.getMessage());
        }
        if (payload.version() != event.version() || payload.kind().full() != event.full()
                || (!event.full() && payload.baseVersion() != event.baseVersion())) {
            return Outcome.refused("adapter version " + event.version() + " payload says version " + payload.version()
                    + (payload.kind().full() ? " (full)" : " on base " + payload.baseVersion()));
        }
        FamilyModel.Held held = model.held();
        if (held.any() && held.version() == payload.version() && payload.weightsSha256().equals(held.weightsSha256())) {
            return new Outcome(true, null, null);
        }
        if (!payload.kind().full()) {
            if (!held.any() || held.version() != payload.baseVersion()) {
                return Outcome.refused(MISSING_BASE + " " + payload.baseVersion() + " (holding "
                        + (held.any() ? "version " + held.version() : "nothing") + ")");
            }
            if (held.dims() != payload.dims() || held.classes() != payload.classes()) {
                return Outcome.refused("adapter version " + payload.version() + " is for " + payload.dims() + "x"
                        + payload.classes() + " weights, held model is " + held.dims() + "x" + held.classes());
            }
        }
        model.install(payload);
        if (payload.weightsDigest() != null) {
            long digest = model.digest().orElseThrow();
            if (digest != payload.weightsDigest()) {
                model.drop();
                return Outcome.refused("weights of version " + payload.version() + " do not match their digest "
                        + WeightsDigest.hex(payload.weightsDigest()) + " after applying (got " + WeightsDigest.hex(digest)
                        + "); dropped them and need the full weights");
            }
        }
        if (verifyWeights || payload.weightsDigest() == null) {
            String sha = model.computeSha256().orElseThrow();
            if (!sha.equals(payload.weightsSha256())) {
                model.drop();
                return Outcome.refused("weights of version " + payload.version() + " do not match their checksum "
                        + payload.weightsSha256() + " after applying (got " + sha + "); dropped them and need the full weights");
            }
        }
        return new Outcome(true, null, payload.kind());
    }

    private byte[] fetch(String url) throws IOException {
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
            if (agentKey != null) {
                get.header(AGENT_KEY_HEADER, agentKey);
            }
            HttpResponse<byte[]> response = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
