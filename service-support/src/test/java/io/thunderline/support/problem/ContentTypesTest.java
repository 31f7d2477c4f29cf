package io.thunderline.support.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypesTest {
    private final ContentTypes filter = new ContentTypes();

    @Test
    void aBodyWithoutContentTypeIsA415NamingTheHeader() {
        Response r = filter.refuseUntypedBodies(request(Map.of("Content-Length", "42")));
        assertThat(r.getStatus()).isEqualTo(415);
        Problem p = (Problem) r.getEntity();
        assertThat(p.field()).isEqualTo("Content-Type");
        assertThat(p.detail()).contains("no Content-Type").contains("application/json");
        assertThat(filter.refuseUntypedBodies(request(Map.of("Transfer-Encoding", "chunked"))).getStatus()).isEqualTo(415);
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIsA400NamingTheHeader() {
        for (String type : new String[]{"not a media type", "application", "/json", "multipart/form-data",
                "multipart/form-data; charset=UTF-8"}) {
            Response r = filter.refuseUntypedBodies(request(Map.of("Content-Type", type, "Content-Length", "2")));
            assertThat(r).as(type).isNotNull();
            assertThat(r.getStatus()).isEqualTo(400);
            assertThat(((Problem) r.getEntity()).field()).isEqualTo("Content-Type");
        }
    }

    @Test
    void typedBodiesAndBodilessCallsGoOn() {
        assertThat(filter.refuseUntypedBodies(request(Map.of("Content-Type", "application/json; charset=UTF-8",
                "Content-Length", "2")))).isNull();
        assertThat(filter.refuseUntypedBodies(request(Map.of("Content-Type", "multipart/form-data; boundary=x",
                "Content-Length", "200")))).isNull();
        assertThat(filter.refuseUntypedBodies(request(Map.of("Content-Length", "0")))).isNull();
        assertThat(filter.refuseUntypedBodies(request(Map.of()))).isNull();
    }

    /** A request that knows its headers only (case-insensitively, as HTTP). */
    private static ContainerRequestContext request(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                new Class<?>[]{ContainerRequestContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeaderString")) {
                        return lower.get(((String) args[0]).toLowerCase());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
