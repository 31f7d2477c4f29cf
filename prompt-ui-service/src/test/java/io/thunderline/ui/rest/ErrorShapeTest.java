package io.thunderline.ui.rest;

import io.thunderline.support.problem.Problem;
import io.thunderline.support.client.Refused;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A backend's refusal reaches the page as the API's one error body, a problem (RFC 9457). */
class ErrorShapeTest {
    @Test
    void aBackendsProblemPassesThroughWithItsDetailFieldAndErrors() {
        Problem p = Refused.of(400, """
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"Line 2: no label","field":"text",
                 "errors":[{"line":2}],"instance":"/datasets"}""").problem();
        assertThat(p).isEqualTo(new Problem("about:blank", "Bad Request", 400, "Line 2: no label", "text",
                List.of(Map.of("line", 2))));
    }

    @Test
    void theDatasetsTextIsThePagesPromptText() {
        Refused r = Refused.of(400, "{\"detail\":\"empty\",\"field\":\"text\"}");
        assertThat(r.renamed("text", "promptText").problem().field()).isEqualTo("promptText");
        assertThat(Refused.of(400, "{\"detail\":\"x\",\"field\":\"modelType\"}").renamed("text", "promptText").field())
                .isEqualTo("modelType");
        assertThat(r.forField("file").problem()).extracting(Problem::field, Problem::detail).containsExactly("file", "empty");
    }

    @Test
    void aServiceNotYetOnProblemsIsReadFromItsMessageAndAnythingElseStillBecomesAProblem() {
        assertThat(Refused.of(409, "{\"message\":\"job x is completed\"}").problem())
                .isEqualTo(Problem.of(409, null, "job x is completed"));
        assertThat(Refused.of(400, "not json").problem()).isEqualTo(Problem.of(400, null, "not json"));
        assertThat(Refused.of(404, "").problem()).isEqualTo(Problem.of(404, null, "not found"));
        assertThat(Refused.of(403, "{}").problem().detail()).isEqualTo("refused (403)");
    }
}
