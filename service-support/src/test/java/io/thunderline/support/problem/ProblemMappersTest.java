package io.thunderline.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemMappersTest {
    record Settings(int folds, boolean useUpm) {
    }

    record Job(String name, Settings settings, List<Settings> more) {
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
}
