package io.thunderline.dataset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is served and describes every endpoint of the agreed API. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class OpenApiIT {

    @Test
    void theDocumentListsEveryPath() {
        Response r = given().queryParam("format", "json").get("/q/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("info.title")).isEqualTo("Thunderline dataset-service");
        assertThat(r.jsonPath().getMap("paths")).containsKeys("/datasets", "/datasets/preview", "/datasets/upload",
                "/datasets/{id}", "/datasets/{id}/versions", "/datasets/{id}/versions/{version}",
                "/datasets/{id}/versions/{version}/csv", "/datasets/{id}/versions/{version}/examples", "/templates",
                "/templates/{id}", "/datasets/{id}/diff", "/datasets/{id}/versions/{version}/text");
        assertThat(r.jsonPath().getMap("paths.'/datasets/upload'.post.requestBody.content"))
                .containsKey("multipart/form-data");
        assertThat(r.jsonPath().getMap("paths.'/datasets/{id}'")).containsKeys("get", "delete");
    }
}
