package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.support.client.FaultPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * upm-service behind its one fault-tolerance policy; "UPM unavailable". Read every few seconds by the status check:
 * a short timeout and one retry, so that one check ends before the next one is due.
 */
@ApplicationScoped
public class UpmClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings("UPM unavailable",
            Duration.ofSeconds(3), 1, Duration.ofMillis(200), 4, 0.75, Duration.ofSeconds(5));

    private final UpmApi api;
    private final FaultPolicy policy = new FaultPolicy("upm-service", POLICY);

    public UpmClient(@RestClient UpmApi api) {
        this.api = api;
    }

    public Uni<UpmStatus> status() {
        return policy.read(api::status);
    }
}
