package io.thunderline.tracking.client;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a modelUrl lies at trainer-service's configured address: same scheme, host and port (a configured port of
 * {@code *} admits every port of the host). Pure, so that the decision that guards the service token is tested alone.
 */
final class TrainerOrigin {
    private final String scheme;
    private final String host;
    private final int port; // -1: any port
    private final String configured;

    TrainerOrigin(String trainerUrl) {
        this.configured = trainerUrl;
        boolean anyPort = trainerUrl.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]+:\\*(/.*)?$");
        URI uri = URI.create(anyPort ? trainerUrl.replaceFirst(":\\*", "") : trainerUrl);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("thunderline.tracking.model-fetch.trainer-url \"" + trainerUrl
                    + "\" is not an absolute http(s) URL such as http://trainer-service:8082");
        }
        this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        this.host = uri.getHost().toLowerCase(Locale.ROOT);
        this.port = anyPort ? -1 : effectivePort(uri);
    }

    boolean admits(URI url) {
        if (url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            return false;
        }
        return scheme.equals(url.getScheme().toLowerCase(Locale.ROOT))
                && host.equals(url.getHost().toLowerCase(Locale.ROOT))
                && (port == -1 || port == effectivePort(url));
    }

    @Override
    public String toString() {
        return configured;
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
