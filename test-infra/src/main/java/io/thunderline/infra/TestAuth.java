package io.thunderline.infra;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RestAssured calls of a test as an admin: every request without an Authorization header (and without an agent key)
 * gets a fresh admin token for the service it goes to. Tests about ownership send their own header; IdentityITs
 * call {@link #none()} to send nothing.
 */
public final class TestAuth {
    private TestAuth() {
    }

    /** Every call goes to {@code audience} (a service's own @QuarkusTest). */
    public static void asAdmin(String audience) {
        RestAssured.replaceFiltersWith(new AdminFilter(request -> audience));
    }

    /** Calls to a fleet's services: the audience is the service listening on the request's port. */
    public static void asAdmin(ServiceFleet fleet) {
        Map<Integer, String> byPort = fleet.all().stream()
                .collect(Collectors.toMap(ServiceFleet.Running::port, r -> r.spec().name(), (a, b) -> a));
        RestAssured.replaceFiltersWith(new AdminFilter(request -> byPort.get(URI.create(request.getURI()).getPort())));
    }

    public static void none() {
        RestAssured.replaceFiltersWith(List.of());
    }

    private record AdminFilter(Function<FilterableRequestSpecification, String> audience) implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")
                    && !request.getHeaders().hasHeaderWithName("X-Agent-Key")) {
                String to = audience.apply(request);
                if (to != null) {
                    request.header("Authorization", TestTokens.admin(to));
                }
            }
            return context.next(request, response);
        }
    }
}
