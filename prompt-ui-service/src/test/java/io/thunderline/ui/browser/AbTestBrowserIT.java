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
 * A/B testing of two trained models (issue 22 item 4) against the whole stack as real processes: the real trainer
 * trains two sentiment models, serves them side by side and logs every answer in PostgreSQL. First the page's API
 * (who may call it, refusals naming the field), then the screens in headless Chromium: "A/B test…" from a job page,
 * the new test, answers judged right or wrong, each version's online accuracy with its interval, "Promote B", and the
 * job page's "Try it" feedback. Set THUNDERLINE_UI_URL to run against a stack that is already up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbTestBrowserIT {
    static final String PROBLEM = "application/problem+json";
    static final String V1 = String.join("\n", "Classify customer sentiment:", "",
            "\"I love this product!\" -> positive",
            "\"Best purchase this year\" -> positive",
            "\"Works exactly as described\" -> positive",
            "\"Wonderful, would buy again\" -> positive",
            "\"Not what I expected\" -> negative",
            "\"It broke after two days\" -> negative",
            "\"Terrible customer service\" -> negative",
            "\"Awful quality, want a refund\" -> negative");
    static final String V2 = V1 + "\n" + String.join("\n",
            "\"Great value and great quality\" -> positive",
            "\"Really happy with it\" -> positive",
            "\"Worst purchase ever\" -> negative",
            "\"It stopped working, useless\" -> negative");
    static final List<String> TEXTS = List.of("I really love it, wonderful", "Broken and awful, refund please",
            "Best thing I bought", "Terrible, it stopped working", "Great quality, very happy", "Worst purchase, useless");
    /** The true label of each of TEXTS: answers are judged against it, as a person would. */
    static final List<String> TRUTH = List.of("positive", "negative", "positive", "negative", "positive", "negative");

    static BrowserStack stack;
    static ServiceFleet fleet;
    static String ui;
    static Browser browser;
    static WebDriver web;
    static Path images;
    static String jobA;
    static String jobB;

    @BeforeAll
    static void start() {
        stack = BrowserStack.start("abtest", Map.of());
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

    static String submit(String user, String text) {
        Response r = as(user).contentType(ContentType.JSON)
                .body(Map.of("promptText", text, "modelType", "sentiment_analysis")).post("/api/submissions");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        return r.jsonPath().getString("jobId");
    }

    static void awaitCompleted(String user, String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(400).toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status = as(user).get("/api/jobs/" + jobId).jsonPath().getString("job.status");
            if ("completed".equals(status) || "failed".equals(status) || "cancelled".equals(status)) {
                break;
            }
            sleep(1000);
        }
        assertThat(status).as("job " + jobId).isEqualTo("completed");
    }

    static void assertProblem(Response r, int status, String field) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith(PROBLEM);
        assertThat(r.jsonPath().getString("field")).as(r.asString()).isEqualTo(field);
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }

    static Response create(String user, String a, String b, Object share) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("activeJobId", a, "candidateJobId", b));
        if (share != null) {
            body.put("candidateShare", share);
        }
        return as(user).contentType(ContentType.JSON).body(body).post("/api/deployments");
    }

    @Test
    @Order(1)
    void theApiLetsOnlyTheOwnerTestJudgeAndPromote() {
        String adminsJob = submit("admin", V1);
        jobA = submit("demo", V1);
        jobB = submit("demo", V2);
        for (String[] j : new String[][]{{"admin", adminsJob}, {"demo", jobA}, {"demo", jobB}}) {
            awaitCompleted(j[0], j[1]);
        }

        assertThat(given().baseUri(ui).accept(ContentType.JSON).redirects().follow(false).get("/api/deployments")
                .statusCode()).isEqualTo(401);
        // another user's job cannot be part of demo's test; bad shares name the field
        assertProblem(create("demo", adminsJob, jobB, 0.5), 404, "activeJobId");
        assertProblem(create("demo", jobA, adminsJob, 0.5), 404, "candidateJobId");
        assertProblem(create("demo", jobA, jobB, 1.5), 400, "candidateShare");
        assertProblem(create("demo", jobA, jobB, null), 400, "candidateShare");
        assertProblem(create("demo", jobA, jobA, 0.5), 400, "candidateJobId");

        Response created = create("demo", jobA, jobB, 0.5);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(created.jsonPath().getString("createdBy")).isEqualTo("demo");
        assertThat(created.jsonPath().getDouble("candidateShare")).isEqualTo(0.5);
        // an admin sees demo's test; demo does not see the admin's (made with the admin's job and one of demo's)
        assertThat(as("admin").get("/api/deployments/" + id).statusCode()).isEqualTo(200);
        Response admins = create("admin", adminsJob, jobA, 1.0);
        assertThat(admins.statusCode()).as(admins.asString()).isEqualTo(201);
        String adminsTest = admins.jsonPath().getString("id");
        assertProblem(as("demo").get("/api/deployments/" + adminsTest), 404, null);
        assertProblem(as("demo").contentType(ContentType.JSON).body(Map.of("text", "fine"))
                .post("/api/deployments/" + adminsTest + "/predict"), 404, null);
        assertProblem(as("demo").contentType(ContentType.JSON).post("/api/deployments/" + adminsTest + "/promote"), 404, null);
        assertThat(as("demo").get("/api/deployments").jsonPath().getList("id")).contains(id).doesNotContain(adminsTest);

        // the admin's answer (share 1: job A of demo's answers as B) cannot be judged by demo; the admin judges it once
        Response answer = as("admin").contentType(ContentType.JSON).body(Map.of("text", "I love it"))
                .post("/api/deployments/" + adminsTest + "/predict");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("version")).isEqualTo("B");
        assertThat(answer.jsonPath().getString("jobId")).isEqualTo(jobA);
        String predictionId = answer.jsonPath().getString("predictionId");
        assertProblem(as("demo").contentType(ContentType.JSON).body(Map.of("correct", true))
                .post("/api/predictions/" + predictionId + "/feedback"), 404, null);
        assertProblem(as("admin").contentType(ContentType.JSON).body(Map.of())
                .post("/api/predictions/" + predictionId + "/feedback"), 400, "correct");
        Response judged = as("admin").contentType(ContentType.JSON).body(Map.of("correct", true))
                .post("/api/predictions/" + predictionId + "/feedback");
        assertThat(judged.statusCode()).as(judged.asString()).isEqualTo(200);
        assertThat(judged.jsonPath().getBoolean("recorded")).isTrue();
        assertThat(as("admin").contentType(ContentType.JSON).body(Map.of("correct", true))
                .post("/api/predictions/" + predictionId + "/feedback").jsonPath().getBoolean("recorded")).isFalse();
        assertProblem(as("admin").contentType(ContentType.JSON).body(Map.of("correct", false))
                .post("/api/predictions/" + predictionId + "/feedback"), 409, "correct");
        Response view = as("admin").get("/api/deployments/" + adminsTest);
        assertThat(view.jsonPath().getInt("candidate.judged")).isEqualTo(1);
        assertThat(view.jsonPath().getInt("candidate.correct")).isEqualTo(1);
        assertThat(view.jsonPath().getInt("active.calls")).isZero();
    }

    @Test
    @Order(2)
    void theScreensCreateATestJudgeItsAnswersShowEachVersionsAccuracyAndPromoteB() {
        web.get(ui + "/login");
        web.manage().deleteAllCookies();
        js("localStorage.clear()");
        web.get(ui + "/training/prompt");
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        byId("j_username").sendKeys("demo");
        byId("j_password").sendKeys("demo");
        byId("sign-in").click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/prompt"));
        web.get(ui + "/training/jobs/" + jobA);

        // "A/B test…" from the job page: A is this job, B another of demo's completed classifiers
        waitUpTo(30).until(d -> d.findElement(By.id("ab-test-link"))).click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/ab-tests?a=" + jobA));
        waitUpTo(30).until(d -> new Select(d.findElement(By.id("ab-candidate"))).getOptions().size() >= 2);
        assertThat(new Select(byId("ab-active")).getFirstSelectedOption().getAttribute("value")).isEqualTo(jobA);
        new Select(byId("ab-candidate")).selectByValue(jobB);
        byId("ab-name").sendKeys("sentiment v1 vs v2");
        WebElement share = byId("ab-share");
        share.clear();
        share.sendKeys("150");
        byId("ab-create").click();
        waitUpTo(30).until(d -> !d.findElement(By.id("error-candidateShare")).getText().isBlank());
        share.clear();
        share.sendKeys("50");
        byId("ab-create").click();
        waitUpTo(30).until(ExpectedConditions.urlMatches(".*/training/ab-tests/[A-Za-z0-9-]+$"));
        String id = web.getCurrentUrl().replaceFirst("^.*/training/ab-tests/", "");
        waitUpTo(30).until(d -> "loaded".equals(d.findElement(By.id("ab-test")).getAttribute("data-state")));
        assertThat(byId("ab-name").getText()).isEqualTo("sentiment v1 vs v2");
        assertThat(versionRow("A").getAttribute("data-job-id")).isEqualTo(jobA);
        assertThat(versionRow("B").getAttribute("data-job-id")).isEqualTo(jobB);
        assertThat(byId("ab-summary").getText()).contains("B answers 50.0 % of the calls");

        // ask until both versions answered at least three times; judge three answers of each against the true label:
        // "Right" when the model got it, else the right label from the list (judged wrong)
        int[] judged = {0, 0};
        int[] right = {0, 0};
        for (int i = 0; (judged[0] < 3 || judged[1] < 3) && i < 60; i++) {
            ask(TEXTS.get(i % TEXTS.size()));
            WebElement row = web.findElement(By.cssSelector("#ab-answers tbody tr"));
            int side = "A".equals(row.getAttribute("data-version")) ? 0 : 1;
            if (judged[side] >= 3) {
                continue;
            }
            String truth = TRUTH.get(i % TEXTS.size());
            boolean gotIt = row.findElement(By.cssSelector("[data-role='label']")).getText().startsWith(truth + " ");
            if (gotIt) {
                row.findElement(By.cssSelector("[data-role='right']")).click();
            } else {
                new Select(row.findElement(By.cssSelector("[data-role='right-label']"))).selectByValue(truth);
            }
            String shown = waitUpTo(30).until(d -> row.findElements(By.cssSelector("[data-role='judged']")).stream()
                    .map(WebElement::getText).findFirst().orElse(null));
            assertThat(shown).isEqualTo(gotIt ? "judged right" : "judged wrong (right label: " + truth + ")");
            judged[side]++;
            right[side] += gotIt ? 1 : 0;
        }
        assertThat(judged).as("both versions answered within 60 asks at a 50 %% share").containsExactly(3, 3);
        waitUpTo(30).until(d -> "3".equals(cell("A", "judged")) && "3".equals(cell("B", "judged")));
        assertThat(cell("A", "correct")).isEqualTo(String.valueOf(right[0]));
        assertThat(cell("B", "correct")).isEqualTo(String.valueOf(right[1]));
        // the page shows the trainer's accuracy and 95 % Wilson interval (ml-core OnlineAccuracyTest checks the maths)
        Response measured = as("demo").get("/api/deployments/" + id);
        for (String side : List.of("active", "candidate")) {
            String version = side.equals("active") ? "A" : "B";
            assertThat(measured.jsonPath().getInt(side + ".judged")).isEqualTo(3);
            assertThat(measured.jsonPath().getInt(side + ".correct")).isEqualTo(right[version.equals("A") ? 0 : 1]);
            assertThat(cell(version, "accuracy")).startsWith(pct(measured.jsonPath().getDouble(side + ".accuracy")) + " ("
                    + pct(measured.jsonPath().getDouble(side + ".low")) + " – "
                    + pct(measured.jsonPath().getDouble(side + ".high")) + ")");
        }
        // 3 judged a side: 95 % intervals at least 0.56 wide, so they overlap whatever the answers were
        assertThat(byId("ab-verdict").getText()).contains("intervals overlap");
        long calls = Long.parseLong(cell("A", "calls")) + Long.parseLong(cell("B", "calls"));
        assertThat(calls).isEqualTo(web.findElements(By.cssSelector("#ab-answers tbody tr")).size());
        browser.screenshot(images.resolve("ab-test.png"));

        // Promote B: job B answers every call as the active version; the former A stays as B with share 0
        byId("ab-promote").click();
        waitUpTo(30).until(d -> jobB.equals(d.findElement(By.id("ab-test")).getAttribute("data-active-job")));
        assertThat(versionRow("A").getAttribute("data-job-id")).isEqualTo(jobB);
        assertThat(versionRow("B").getAttribute("data-job-id")).isEqualTo(jobA);
        assertThat(byId("ab-summary").getText()).contains("B answers 0.0 % of the calls").contains("promoted 1×");
        for (int i = 0; i < 4; i++) {
            ask(TEXTS.get(i));
            WebElement row = web.findElement(By.cssSelector("#ab-answers tbody tr"));
            assertThat(row.findElement(By.cssSelector("[data-role='version']")).getText())
                    .isEqualTo("A · job " + jobB.substring(0, 8));
        }
        // the API agrees: predict is answered by job B
        Response answer = as("demo").contentType(ContentType.JSON).body(Map.of("text", TEXTS.get(0)))
                .post("/api/deployments/" + id + "/predict");
        assertThat(answer.jsonPath().getString("jobId")).isEqualTo(jobB);

        // judging twice: the same judgement is accepted once, a different one refused naming the field
        String predictionId = answer.jsonPath().getString("predictionId");
        assertThat(as("demo").contentType(ContentType.JSON).body(Map.of("correct", true))
                .post("/api/predictions/" + predictionId + "/feedback").statusCode()).isEqualTo(200);
        assertProblem(as("demo").contentType(ContentType.JSON).body(Map.of("correct", false))
                .post("/api/predictions/" + predictionId + "/feedback"), 409, "correct");

        // the job page's "Try it" answer is judged too
        web.get(ui + "/training/jobs/" + jobA);
        waitUpTo(30).until(d -> d.findElement(By.id("try-submit")).isEnabled());
        byId("try-text").sendKeys("I love it, wonderful");
        byId("try-submit").click();
        WebElement feedback = waitUpTo(30).until(d -> d.findElement(By.cssSelector("#try-feedback .feedback")));
        boolean gotIt = "positive".equals(byId("try-label").findElement(By.tagName("strong")).getText());
        if (gotIt) {
            feedback.findElement(By.cssSelector("[data-role='right']")).click();
        } else {
            new Select(feedback.findElement(By.cssSelector("[data-role='right-label']"))).selectByValue("positive");
        }
        assertThat(waitUpTo(30).until(d -> d.findElement(By.cssSelector("#try-feedback [data-role='judged']"))).getText())
                .isEqualTo(gotIt ? "judged right" : "judged wrong (right label: positive)");
    }

    // ---------------------------------------------------------------- helpers

    static void ask(String text) {
        int before = web.findElements(By.cssSelector("#ab-answers tbody tr")).size();
        WebElement input = byId("ab-text");
        input.clear();
        input.sendKeys(text);
        byId("ab-ask-submit").click();
        waitUpTo(30).until(d -> d.findElements(By.cssSelector("#ab-answers tbody tr")).size() == before + 1);
    }

    /** A share as the page writes it: 66.7 %. */
    static String pct(double x) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * x);
    }

    static WebElement versionRow(String version) {
        return web.findElement(By.cssSelector("#ab-versions tbody tr[data-version='" + version + "']"));
    }

    static String cell(String version, String role) {
        return versionRow(version).findElement(By.cssSelector("[data-role='" + role + "']")).getText();
    }

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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
