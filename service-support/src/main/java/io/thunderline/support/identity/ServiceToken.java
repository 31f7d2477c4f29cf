package io.thunderline.support.identity;

import io.quarkus.arc.Arc;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * A REST client's calls made by this service for itself carry a service token for {@code audience}. Subclass once per
 * called service with a no-argument constructor and register it on the client: {@code @RegisterProvider}.
 */
public abstract class ServiceToken implements ClientRequestFilter {
    private final String audience;

    protected ServiceToken(String audience) {
        this.audience = audience;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION,
                    Arc.container().instance(CallerTokens.class).get().bearerAsService(audience));
        }
    }
}
