package io.thunderline.ui.browser;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.thunderline.infra.ServiceFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompt versioning against the whole stack as real processes (dataset-service stores the versions and computes the
 * diff, the real trainer trains): first the page's API (/api/datasets/**) — who may call it, refused version numbers,
 * a real diff — then the dataset page in headless Chromium: submit, "edit and retrain" into version 2 of the SAME
 * dataset, both versions with their jobs, the diff of the two, and "edit and retrain" landing on a pre-filled prompt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatasetVersionsIT {
    static final String PROBLEM = "application/problem+json";
    static final String V1 = String.join("\n", "Classify customer sentiment:", "",
            "\"I love this product!\" -> positive",
            "\"Best purchase this year\" -> positive",
            "\"Works exactly as described\" -> positive",
            "\"Not what I expected\" -> negative",
            "\"It broke after two days\" -> negative",
            "\"Terrible customer service\" -> negative",
            "\"It is okay I guess\" -> negative");
    /** "It is okay I guess" relabelled neutral, "Terrible customer service" removed, one neutral line added. */
    static final String V2 = String.join("\n", "Classify customer sentiment:", "",
            "\"I love this product!\" -> positive",
            "\"Best purchase this year\" -> positive",
            "\"Works exactly as described\" -> positive",
            "\"Not what I expected\" -> negative",
            "\"It broke after two days\" -> negative",
            "\"It is okay I guess\" -> neutral",
            "\"It does what the box says\" -> neutral");

    static BrowserStack stack;
    static ServiceFleet fleet;
    static String ui;
    static Browser browser;
    static WebDriver web;
    static Path images;

    @BeforeAll
    static void start() {
        stack = BrowserStack.start("versions", Map.of());
        fleet = stack.fleet();
        ui = stack.ui();
        browser = stack.browser();
        web = stack.web();
        images = stack.images();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---------------------------------------------------------------- the page's API

    static RequestSpecification as(String user) {
        return given().baseUri(ui).auth().preemptive().basic(user, user).accept(ContentType.JSON);
    }

    static Response submit(String user, String text, String datasetId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("promptText", text, "modelType", "sentiment_analysis"));
        if (datasetId != null) {
            body.put("datasetId", datasetId);
        }
        return as(user).contentType(ContentType.JSON).body(body).post("/api/submissions");
    }

    static void assertProblem(Response r, int status, String field) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(PROBLEM);
        assertThat(r.jsonPath().getString("field")).as(r.asString()).isEqualTo(field);
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }

    @Test
    @Order(1)
    void theApiAnswersOnlyTheOwnerRefusesBadVersionsAndDiffsTwoRealVersions() {
        // anonymous: 401
        assertThat(given().baseUri(ui).accept(ContentType.JSON).redirects().follow(false).get("/api/datasets/abc")
                .statusCode()).isEqualTo(401);

        // the admin's dataset does not exist for demo, and demo cannot add a version to it
        Response admins = submit("admin", V1, null);
        assertThat(admins.statusCode()).as(admins.asString()).isEqualTo(202);
        String adminsId = admins.jsonPath().getString("datasetId");
        assertProblem(as("demo").get("/api/datasets/" + adminsId), 404, "id");
        assertProblem(as("demo").get("/api/datasets/" + adminsId + "/diff?from=1&to=1"), 404, "id");
        assertProblem(as("demo").get("/api/datasets/" + adminsId + "/versions/1/prompt"), 404, "id");
        assertProblem(submit("demo", V2, adminsId), 404, "datasetId");
        assertThat(as("admin").get("/api/datasets/" + adminsId + "/versions").statusCode()).isEqualTo(404); // no such route

        // demo's dataset in two versions: v2 made from the page's submission with datasetId
        Response first = submit("demo", V1, null);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(202);
        String id = first.jsonPath().getString("datasetId");
        Response second = submit("demo", V2, id);
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(202);
        assertThat(second.jsonPath().getString("datasetId"))
                .as("SubmissionService must pass form.targetDataset() on to dataset-service as datasetId").isEqualTo(id);
        assertThat(second.jsonPath().getInt("datasetVersion")).isEqualTo(2);

        Response page = as("demo").get("/api/datasets/" + id);
        assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
        assertThat(page.jsonPath().getString("createdBy")).isEqualTo("demo");
        assertThat(page.jsonPath().getList("versions.version", Integer.class)).containsExactly(1, 2);
        assertThat(page.jsonPath().getList("versions.source")).containsExactly("prompt_interface", "prompt_interface");
        assertThat(page.jsonPath().getList("versions.examples", Integer.class)).containsExactly(7, 7);
        assertThat(page.jsonPath().getString("versions[1].changeSummary"))
                .contains("+1 example").contains("\u22121 example").contains("1 relabelled").contains("labels added: neutral");
        assertThat(page.jsonPath().getList("versions[0].jobs.jobId")).containsExactly(first.jsonPath().getString("jobId"));
        assertThat(page.jsonPath().getList("versions[1].jobs.jobId")).containsExactly(second.jsonPath().getString("jobId"));
        // an admin sees demo's dataset too
        assertThat(as("admin").get("/api/datasets/" + id).statusCode()).isEqualTo(200);

        Response diff = as("demo").get("/api/datasets/" + id + "/diff?from=1&to=2");
        assertThat(diff.statusCode()).as(diff.asString()).isEqualTo(200);
        assertThat(diff.jsonPath().getList("added.fields.text")).containsExactly("It does what the box says");
        assertThat(diff.jsonPath().getList("removed.fields.text")).containsExactly("Terrible customer service");
        assertThat(diff.jsonPath().getList("changed.key.text")).containsExactly("It is okay I guess");
        assertThat(diff.jsonPath().getList("changed.before.label")).containsExactly("negative");
        assertThat(diff.jsonPath().getList("changed.after.label")).containsExactly("neutral");

        Response text = as("demo").get("/api/datasets/" + id + "/versions/2/prompt");
        assertThat(text.statusCode()).as(text.asString()).isEqualTo(200);
        assertThat(text.jsonPath().getString("text")).isEqualTo(V2);
        assertThat(text.jsonPath().getString("modelType")).isEqualTo("sentiment_analysis");

        // bad version numbers: a problem naming the field
        assertProblem(as("demo").get("/api/datasets/" + id + "/diff?from=one&to=2"), 400, "from");
        assertProblem(as("demo").get("/api/datasets/" + id + "/diff?from=1"), 400, "to");
        assertProblem(as("demo").get("/api/datasets/" + id + "/diff?from=1&to=9"), 400, "to");
        assertProblem(as("demo").get("/api/datasets/" + id + "/diff?from=0&to=2"), 400, "from");
        assertProblem(as("demo").get("/api/datasets/" + id + "/versions/x/prompt"), 400, "version");
        assertProblem(as("demo").get("/api/datasets/" + id + "/versions/3/prompt"), 400, "version");
    }

    // ---------------------------------------------------------------- the page

    static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    static WebElement byId(String id) {
        return web.findElement(By.id(id));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) web).executeScript(script, args);
    }

    static void ready() {
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    static void typePrompt(String text) {
        js("const t = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new Event('input', {bubbles: true}));",
                byId("prompt-text"), text);
    }

    static String submitAndReadJobId() {
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("examples"));
        waitUpTo(10).until(d -> d.findElement(By.id("submit")).isEnabled());
        byId("submit").click();
        String message = TrainingForm.awaitSubmitted(web);
        return message.replaceFirst("^Job (\\S+) submitted.*$", "$1");
    }

    static List<WebElement> versionRows() {
        return web.findElements(By.cssSelector("#versions tbody tr"));
    }

    @Test
    @Order(2)
    void editAndRetrainMakesVersionTwoOfTheSameDatasetAndThePageShowsBothTheirJobsAndTheDiff() {
        web.get(ui + "/login");
        web.manage().deleteAllCookies();
        js("localStorage.clear()");
        web.get(ui + "/training/prompt");
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        byId("j_username").sendKeys("demo");
        byId("j_password").sendKeys("demo");
        byId("sign-in").click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/prompt"));
        ready();

        // version 1: an ordinary submission
        new Select(byId("model-type")).selectByValue("sentiment_analysis");
        typePrompt(V1);
        String firstJob = submitAndReadJobId();
        // the row is rendered again by each live update: read it afresh each time
        By link = By.cssSelector("tr[data-job-id^='" + firstJob + "'] a.dataset-link");
        String[] firstJobId = {waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-job-id^='" + firstJob + "']"))
                .getAttribute("data-job-id"))};
        String datasetPath = waitUpTo(10).until(d -> d.findElement(link).getAttribute("href"))
                .replaceFirst("^https?://[^/]+", "");
        assertThat(datasetPath).startsWith("/training/datasets/");
        String datasetId = datasetPath.substring("/training/datasets/".length());

        // the dataset page, from the job list: one version, its job; "Edit and retrain" opens the prompt pre-filled
        waitUpTo(10).until(d -> {
            d.findElement(link).click();
            return true;
        });
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#versions tbody tr")).size() == 1);
        assertThat(byId("dataset-owner").getText()).isEqualTo("demo");
        versionRows().get(0).findElement(By.cssSelector("[data-role='edit-retrain']")).click();
        waitUpTo(30).until(d -> "false".equals(String.valueOf(js("return document.getElementById('editing-version').hidden"))));
        ready();
        assertThat(byId("prompt-text").getAttribute("value")).isEqualTo(V1);
        assertThat(new Select(byId("model-type")).getFirstSelectedOption().getAttribute("value")).isEqualTo("sentiment_analysis");
        assertThat(byId("editing-version").getAttribute("data-dataset-id")).isEqualTo(datasetId);
        assertThat(byId("editing-version").getText()).contains("Editing version 1 of dataset " + datasetId);

        // edited: a relabelled line, a removed one, an added one → version 2 of the same dataset
        typePrompt(V2);
        String secondJob = submitAndReadJobId();
        assertThat(byId("editing-version").isDisplayed()).isFalse();

        // the dataset page: both versions with their jobs, side by side
        web.get(ui + datasetPath);
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
        List<WebElement> rows = versionRows();
        assertThat(rows.get(0).getAttribute("data-version")).isEqualTo("1");
        assertThat(rows.get(1).getAttribute("data-version")).isEqualTo("2");
        assertThat(rows.get(0).getText()).contains("prompt_interface").contains("demo").contains("job " + firstJob);
        assertThat(rows.get(1).getText()).contains("job " + secondJob).contains("1 relabelled");
        assertThat(rows.get(0).findElements(By.cssSelector("[data-job-id] [data-role='status']"))).hasSize(1);
        assertThat(rows.get(1).findElements(By.cssSelector("[data-job-id] [data-role='status']"))).hasSize(1);

        assertThat(rows.get(1).getText()).contains("no score yet"); // not finished yet: no score is shown
        // the trainer finishes both jobs: their final main scores appear side by side (only what the jobs reported)
        waitUpTo(300).until(d -> {
            d.navigate().refresh();
            waitUpTo(30).until(x -> x.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
            return d.findElements(By.cssSelector("#versions tbody tr[data-version='1'] .score[data-metric]")).size() > 0
                    && d.findElements(By.cssSelector("#versions tbody tr[data-version='2'] .score[data-metric]")).size() > 0;
        });
        for (String v : List.of("1", "2")) {
            assertThat(web.findElement(By.cssSelector("#versions tbody tr[data-version='" + v + "'] [data-role='status']"))
                    .getText()).isEqualTo("completed");
        }

        // pick the two versions: the diff
        new Select(byId("diff-from")).selectByValue("1");
        new Select(byId("diff-to")).selectByValue("2");
        byId("diff-show").click();
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#diff .line")).isEmpty());
        assertThat(web.findElements(By.cssSelector("#diff .line.added"))).extracting(WebElement::getText)
                .containsExactly("+It does what the box says -> neutral");
        assertThat(web.findElements(By.cssSelector("#diff .line.removed"))).extracting(WebElement::getText)
                .containsExactly("−Terrible customer service -> negative");
        assertThat(web.findElements(By.cssSelector("#diff .line.changed"))).extracting(WebElement::getText)
                .containsExactly("~It is okay I guess: negative → neutral");
        assertThat(byId("diff-summary").getText()).isEqualTo("v1 → v2: 1 added, 1 removed, 1 relabelled");
        assertThat(byId("diff").findElement(By.cssSelector(".line.added")).getCssValue("background-color"))
                .isEqualTo("rgba(220, 252, 231, 1)");
        browser.screenshot(images.resolve("dataset-versions.png"));

        // "Edit and retrain" from version 2
        web.findElement(By.cssSelector("#versions tbody tr[data-version='2'] [data-role='edit-retrain']")).click();
        waitUpTo(30).until(d -> "false".equals(String.valueOf(js("return document.getElementById('editing-version').hidden"))));
        assertThat(web.getCurrentUrl()).endsWith("/training/prompt?dataset=" + datasetId + "&version=2");
        assertThat(byId("prompt-text").getAttribute("value")).isEqualTo(V2);
        assertThat(byId("editing-version").getAttribute("data-version")).isEqualTo("2");

        // the job's page names the dataset with a link to this page
        web.get(ui + "/training/jobs/" + firstJobId[0]);
        WebElement onJobPage = waitUpTo(30).until(d -> d.findElement(By.id("job-dataset")));
        assertThat(onJobPage.getTagName()).isEqualTo("a");
        assertThat(onJobPage.getAttribute("href")).endsWith(datasetPath);
    }
}
