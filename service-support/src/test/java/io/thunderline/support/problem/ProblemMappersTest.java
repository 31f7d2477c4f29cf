package io.thunderline.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemMappersTest {
    record Settings(int folds, boolean useUpm) {
    }

    record Limits(Integer maxTokens) {
    }

    record Job(String name, Settings settings, List<Settings> more, Limits limits) {
        Job {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("field 'name' must not be blank");
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Problem problemFor(String json) {
        JsonProcessingException e = catchThrowableOfType(() -> MAPPER.readValue(json, Job.class),
                JsonProcessingException.class);
        assertThat(e).as("parsing %s must fail", json).isNotNull();
        return ProblemMappers.unreadableJson(e);
    }

    @Test
    void aMistypedValueNamesItsFieldWithItsPath() {
        Problem p = problemFor("{\"settings\":{\"folds\":3,\"useUpm\":\"maybe\"}}");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.field()).isEqualTo("settings.useUpm");
        assertThat(p.detail()).contains("\"maybe\"").contains("boolean");
    }

    @Test
    void anArrayElementIsNamedByItsIndex() {
        Problem p = problemFor("{\"more\":[{\"folds\":1},{\"folds\":\"many\"}]}");
        assertThat(p.field()).isEqualTo("more[1].folds");
    }

    @Test
    void truncatedJsonBlamesTheBody() {
        Problem p = problemFor("{\"name\":\"a\",");
        assertThat(p.field()).isEqualTo("body");
        assertThat(p.detail()).startsWith("the request body is not valid JSON");
    }

    @Test
    void anEmptyBodySaysSo() {
        Problem p = problemFor("");
        assertThat(p.field()).isEqualTo("body");
        assertThat(p.detail()).contains("no body");
    }

    @Test
    void aRecordsOwnCheckIsTheDetail() {
        Problem p = problemFor("{\"name\":\" \"}");
        assertThat(p.detail()).isEqualTo("field 'name' must not be blank");
    }

    @Test
    void aServiceRefusalKeepsItsStatusFieldAndIssues() {
        Response r = new ProblemMappers().refused(new ProblemException(409, "version", "version 3 exists; send 4",
                List.of("line 2: duplicate")));
        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem body = (Problem) r.getEntity();
        assertThat(body.title()).isEqualTo("Conflict");
        assertThat(body.field()).isEqualTo("version");
        assertThat(List.<Object>copyOf(body.errors())).containsExactly("line 2: duplicate");
        assertThat(body.type()).isEqualTo("about:blank");
    }

    @Test
    void anUnexpectedFailureIsA500WithAReferenceAndNoStackTrace() {
        Response r = new ProblemMappers().unexpected(new IllegalStateException("secret internals"));
        Problem body = (Problem) r.getEntity();
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(body.detail()).contains("reference").doesNotContain("secret internals");
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheField() {
        Problem p = problemFor("{\"limits\":{\"maxTokens\":99999999999999}}");
        assertThat(p.field()).isEqualTo("limits.maxTokens");
        assertThat(p.detail()).contains("99999999999999");
    }

    @Test
    void jsonNestedBeyondTheParsersLimitBlamesTheBodyWithoutEchoingIt() {
        // Quarkus' mapper skips unknown properties, and skipping still walks (and counts) every level
        ObjectMapper lenient = MAPPER.copy().configure(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        String json = "{\"name\":\"a\",\"deep\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
        JsonProcessingException e = catchThrowableOfType(() -> lenient.readValue(json, Job.class),
                JsonProcessingException.class);
        Problem p = ProblemMappers.unreadableJson(e);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.field()).isEqualTo("body");
        assertThat(p.detail()).contains("nesting depth").hasSizeLessThan(400);
    }

    @Test
    void aQueryParameterThatIsNotANumberIsA400NamingIt() {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add("limit", "abc");
        query.add("q", "x");
        UriInfo uri = uri(query);
        Response r = new ProblemMappers().web(new NotFoundException(new NumberFormatException("For input string: \"abc\"")),
                uri, null, null);
        Problem body = (Problem) r.getEntity();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body.field()).isEqualTo("limit");
        assertThat(body.detail()).contains("'abc'").contains("whole number");
    }

    @Test
    void anUnknownPathNamesThePathAndAWrongContentTypeNamesTheHeader() {
        UriInfo uri = uri(new MultivaluedHashMap<>());
        Problem missing = (Problem) new ProblemMappers().web(new NotFoundException(), uri, null, null).getEntity();
        assertThat(missing.field()).isEqualTo("path");
        Problem type = (Problem) new ProblemMappers().web(new NotSupportedException(), uri, null, null).getEntity();
        assertThat(type.status()).isEqualTo(415);
        assertThat(type.field()).isEqualTo("Content-Type");
        assertThat(type.detail()).contains("no Content-Type");
    }

    @Test
    void aBodyDeclaredOverTheLimitOrWithABadLengthIsRefusedBeforeItIsRead() {
        assertThat(OversizeBodies.refusal(null, 100)).isNull();
        assertThat(OversizeBodies.refusal("100", 100)).isNull();
        Problem tooLarge = OversizeBodies.refusal("60000000", 100);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.field()).isEqualTo("body");
        assertThat(tooLarge.detail()).contains("60000000").contains("100");
        assertThat(OversizeBodies.refusal("lots", 100)).extracting(Problem::status, Problem::field)
                .containsExactly(400, "Content-Length");
        assertThat(OversizeBodies.refusal("-1", 100).field()).isEqualTo("Content-Length");
    }

    /** A UriInfo that knows its path and query parameters only. */
    private static UriInfo uri(MultivaluedHashMap<String, String> query) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[]{UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryParameters" -> query;
                    case "getPathParameters" -> new MultivaluedHashMap<String, String>();
                    case "getPath" -> "/things";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
