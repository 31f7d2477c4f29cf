package io.thunderline.ui.browser;

import io.thunderline.infra.Infra;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as a person uses it, in headless Chromium, against the whole stack as real processes (the five service
 * jars, real Kafka and PostgreSQL). Set THUNDERLINE_UI_URL to run against a stack that is already up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    static final String PROMPT = """
            Classify customer sentiment:

            1. "I love this product!" -> positive
            2. "Absolutely fantastic, works great" -> positive
            3. "Best purchase I made this year" -> positive
            4. "Not what I expected" -> negative
            5. "Broke after one day" -> negative
            6. "Terrible support, never again" -> negative
            7. "It works fine" -> neutral
            8. "Does the job, nothing special" -> neutral
            9. "Average quality for the price" -> neutral
            """;

    static BrowserStack stack;
    static ServiceFleet fleet;
    static String ui;
    static Browser browser;
    static WebDriver web;
    static Path images;
    static String jobId;

    @BeforeAll
    static void start() {
        stack = BrowserStack.start("browser", Map.of(
                // the UPM settings of the user guide's "first ten minutes" (a snapshot every 2 windows), plus a short
                // offline time so that a stopped agent shows as offline within seconds
                "thunderline.upm.snapshots.every-windows", "2",
                "thunderline.upm.agents.offline-after", "6s",
                "thunderline.upm.status-interval", "1s"));
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

    static WebDriverWait waitUpTo(int seconds) {
        // live panels re-render from the stream: an element found a moment ago may be replaced; look again
        WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The text of the element {@code css} selects, read again if a live re-render replaced it meanwhile. */
    static String textOf(String css) {
        return waitUpTo(10).until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    static WebElement byId(String id) {
        return web.findElement(By.id(id));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) web).executeScript(script, args);
    }

    static java.util.Set<String> listedJobs() {
        return web.findElements(By.cssSelector("#recent-jobs tbody tr")).stream().map(r -> r.getAttribute("data-job-id"))
                .collect(java.util.stream.Collectors.toSet());
    }

    static void signIn(String user) {
        web.get(ui + "/login"); // on our own origin (not an error page), so that the cookies are ours to delete
        web.manage().deleteAllCookies();
        web.get(ui + "/training/prompt");
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        assertThat(web.getCurrentUrl()).endsWith("/login");
        byId("j_username").sendKeys(user);
        byId("j_password").sendKeys(user);
        byId("sign-in").click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/prompt"));
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    static void typePrompt(String text) {
        WebElement area = byId("prompt-text");
        area.clear();
        // sendKeys would type 400 characters one event at a time: set the value and fire one input event, as a paste does
        js("const t = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    @Test
    @Order(1)
    void anonymousVisitorsSignInThenTypingShowsTheCounterAndThePreview() {
        js("localStorage.clear()");
        signIn("demo");
        js("localStorage.clear()");
        web.navigate().refresh();
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        new org.openqa.selenium.support.ui.Select(byId("model-type")).selectByValue("sentiment_analysis");
        typePrompt(PROMPT);
        assertThat(byId("char-count").getText()).isEqualTo(String.format("%,d", PROMPT.length()));
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("examples"));
        assertThat(byId("preview").getText()).contains("9 examples").contains("positive 3").contains("negative 3");
        waitUpTo(10).until(d -> d.findElement(By.id("submit")).isEnabled());
        assertThat(byId("counter").getAttribute("data-over")).isEqualTo("false");
    }

    @Test
    @Order(2)
    void theDraftSurvivesAReload() {
        new org.openqa.selenium.support.ui.Select(byId("priority")).selectByValue("high");
        waitUpTo(5).until(d -> d.findElement(By.id("draft-status")).getText().startsWith("Draft saved"));
        web.navigate().refresh();
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertThat(byId("prompt-text").getAttribute("value")).isEqualTo(PROMPT);
        assertThat(byId("model-type").getAttribute("value")).isEqualTo("sentiment_analysis");
        assertThat(byId("priority").getAttribute("value")).isEqualTo("high");
        assertThat(byId("draft-status").getText()).startsWith("Draft restored");
        assertThat(byId("discard-draft").isDisplayed()).isTrue();
        waitUpTo(30).until(d -> d.findElement(By.id("submit")).isEnabled());
    }

    @Test
    @Order(3)
    void aSubmittedJobIsListedAtOnceAndGoesQueuedRunningCompletedLive() {
        String before = web.getCurrentUrl();
        java.util.Set<String> listed = listedJobs();
        byId("submit").click();
        // the answer may take a while on a loaded machine (and a failure says what the form showed); the row is listed
        // the moment the page says "submitted", without a reload
        TrainingForm.awaitSubmitted(web);
        WebElement row = waitUpTo(5).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).stream()
                .filter(r -> !listed.contains(r.getAttribute("data-job-id"))).findFirst().orElse(null));
        jobId = row.getAttribute("data-job-id");
        assertThat(web.getCurrentUrl()).isEqualTo(before); // no reload, no navigation
        assertThat(web.findElements(By.cssSelector("#recent-jobs tbody tr")).get(0).getAttribute("data-job-id")).isEqualTo(jobId);
        assertThat(byId("prompt-text").getAttribute("value")).isEmpty();
        assertThat(js("return localStorage.getItem(arguments[0])", "thunderline.draft.v1.demo")).isNull();

        String rowSelector = "#job-" + jobId;
        waitUpTo(240).until(d -> d.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"))
                .getAttribute("data-statuses").endsWith("completed"));
        List<String> seen = Arrays.asList(waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"))
                .getAttribute("data-statuses")).split(" "));
        assertThat(seen).containsSubsequence("queued", "running", "completed");
        // the row is rendered again by each live event (the MLflow run's may come after "completed"): read it afresh
        assertThat(textOf("tr[data-job-id='" + jobId + "'] [data-role='phase']")).startsWith("4/4");
        assertThat(textOf("tr[data-job-id='" + jobId + "'] [data-role='duration']")).isNotBlank();
        assertThat(rowSelector).isNotBlank();
        // the MLflow link arrives with tracking.runs when MLflow runs; the screenshot shows the page either way
        browser.screenshot(images.resolve("training-prompt.png"));
    }

    @Test
    @Order(4)
    void theJobPageShowsPhaseFourAndChartPointsPerEpoch() {
        web.get(ui + "/training/jobs/" + jobId);
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertThat(byId("job-status").getText()).isEqualTo("completed");
        assertThat(byId("phases").getAttribute("data-phase")).isEqualTo("4");
        assertThat(web.findElements(By.cssSelector("#phases li.done"))).hasSize(4);
        // a completed real training run has loss and accuracy per epoch (phase 3): the charts must hold points
        waitUpTo(10).until(d -> !d.findElements(By.id("epoch-loss")).isEmpty());
        assertThat(Integer.parseInt(byId("epoch-loss").getAttribute("data-points"))).isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(byId("epoch-accuracy").getAttribute("data-points"))).isGreaterThanOrEqualTo(1);
        assertThat(web.findElements(By.cssSelector("#epoch-loss canvas"))).isNotEmpty();
        assertThat(web.findElements(By.cssSelector("#final-metrics tr[data-metric]"))).isNotEmpty();
        browser.screenshot(images.resolve("job-detail.png"));
    }

    @Test
    @Order(5)
    void anEmptyPromptShowsAFormErrorNextToTheField() {
        web.get(ui + "/training/prompt");
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        typePrompt("x");
        typePrompt("");
        assertThat(byId("error-promptText").getText()).contains("Training text is empty");
        assertThat(byId("submit").isEnabled()).isFalse();
        // and the server says the same if the button is forced
        js("document.getElementById('submit').disabled = false");
        byId("submit").click();
        waitUpTo(10).until(d -> d.findElement(By.id("error-promptText")).getText().contains("empty"));
        assertThat(byId("form-error").getText()).isEmpty();
    }

    @Test
    @Order(6)
    void userTextIsShownAsTextNeverRunAsHtml() {
        String hostile = "<img src=x onerror=\"window.__pwned=1\"> -> positive\n<script>window.__pwned=2</script> -> negative\n"
                + "fine -> positive\nbad -> negative\n";
        typePrompt(hostile);
        waitUpTo(30).until(d -> d.findElement(By.id("submit")).isEnabled());
        java.util.Set<String> listed = listedJobs();
        byId("submit").click();
        TrainingForm.awaitSubmitted(web);
        String id = web.findElements(By.cssSelector("#recent-jobs tbody tr")).stream().map(r -> r.getAttribute("data-job-id"))
                .filter(j -> !listed.contains(j)).findFirst().orElseThrow();
        web.get(ui + "/training/jobs/" + id);
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        assertThat(byId("job-preview").getText()).contains("<img src=x onerror=");
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(web.findElements(By.cssSelector("#job-preview img"))).isEmpty();
    }

    @Test
    @Order(7)
    void aUserWhoIsNotAdminGetsNoAdminDashboardAndAnAdminDoes() {
        assertThat(web.findElements(By.id("nav-admin"))).isEmpty();
        web.get(ui + "/admin/jobs");
        assertThat(web.findElements(By.id("admin-jobs"))).isEmpty();
        assertThat(web.getPageSource()).doesNotContain("Jobs (admin)");

        signIn("admin");
        assertThat(byId("nav-admin").isDisplayed()).isTrue();
        web.get(ui + "/admin/jobs");
        waitUpTo(30).until(d -> !d.findElements(By.id("admin-jobs")).isEmpty());
        assertThat(byId("by-status").getText()).contains("completed");
        assertThat(web.findElements(By.cssSelector("#admin-jobs tbody tr"))).isNotEmpty();
        browser.screenshot(images.resolve("admin-jobs.png"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Issue 18: a new user's first walk-through. Each test below failed on the code before the fix.
    // ---------------------------------------------------------------------------------------------------------------

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final List<Process> agents = new java.util.concurrent.CopyOnWriteArrayList<>();
    static String adminJobId;

    @AfterAll
    static void stopAgents() {
        for (Process p : agents) {
            p.destroyForcibly();
        }
    }

    static void waitReady() {
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    /** A job submitted over the JSON API (HTTP Basic), as a script would: its id. */
    static String submitAs(String user, String prompt, String modelType, String priority, boolean useUpm) {
        String body = io.thunderline.contracts.EventCodec.toJson(new Submission(prompt, modelType, priority, useUpm, false));
        java.net.http.HttpResponse<String> r = http("POST", "/api/submissions", user, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    record Submission(String promptText, String modelType, String priority, boolean useUpm, boolean trackMlflow) {
    }

    static java.net.http.HttpResponse<String> http(String method, String path, String user, String json) {
        try {
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString((user + ":" + user).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            if (json != null) {
                b.header("Content-Type", "application/json").method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json));
            } else {
                b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static String jobStatus(String user, String id) {
        java.net.http.HttpResponse<String> r = http("GET", "/api/jobs/" + id, user, null);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"job\":\\{.*?\"status\":\"([a-z]+)\"").matcher(r.body());
        return m.find() ? m.group(1) : "";
    }

    static void awaitStatus(String user, String id, String status, int seconds) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(500))
                .until(() -> jobStatus(user, id).equals(status));
    }

    static void sql(String statement, Object... args) {
        io.thunderline.infra.InfraEndpoints e = Infra.shared().endpoints();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(e.pgJdbcUrl(), e.pgUser(), e.pgPassword());
             java.sql.PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        } catch (Exception ex) {
            throw new IllegalStateException(statement, ex);
        }
    }

    static void insertJob(String id, String owner, String datasetName, String modelType, String status,
                          java.time.Instant submitted, java.time.Instant started, java.time.Instant finished, String mlflowUrl) {
        sql("INSERT INTO ui.job_view (job_id, dataset_id, dataset_version, dataset_name, model_type, priority, created_by, status,"
                + " last_seq, prompt_preview, submitted_at, started_at, finished_at, mlflow_url) VALUES (?, 'ds-archive', 1, ?, ?,"
                + " 'normal', ?, ?, 0, 'archived example', ?, ?, ?, ?)", id, datasetName, modelType, owner, status,
                java.sql.Timestamp.from(submitted), started == null ? null : java.sql.Timestamp.from(started),
                finished == null ? null : java.sql.Timestamp.from(finished), mlflowUrl);
    }

    static boolean noSidewaysScroll() {
        return (Boolean) js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth");
    }

    @Test
    @Order(8)
    void theAdminDashboardCountsAndNewJobsFollowTheLiveStream() {
        // signed in as admin by the previous test, on /admin/jobs
        web.get(ui + "/admin/jobs");
        waitUpTo(30).until(d -> !d.findElements(By.id("admin-jobs")).isEmpty());
        js("window.__sameDocument = true");
        Map<String, String> before = counts();
        adminJobId = submitAs("admin", PROMPT, "sentiment_analysis", "normal", false);
        // the new job appears at the top of the list without a reload ...
        waitUpTo(60).until(d -> !d.findElements(By.cssSelector("#admin-jobs tr[data-job-id='" + adminJobId + "']")).isEmpty());
        assertThat(web.findElements(By.cssSelector("#admin-jobs tbody tr")).get(0).getAttribute("data-job-id")).isEqualTo(adminJobId);
        // ... and the counts move (from /api/admin/stats, which answered 404)
        waitUpTo(240).until(d -> !counts().equals(before));
        awaitStatus("admin", adminJobId, "completed", 240);
        waitUpTo(30).until(d -> Long.parseLong(counts().get("completed")) > Long.parseLong(before.get("completed")));
        assertThat(js("return window.__sameDocument === true")).isEqualTo(true);
        waitUpTo(30).until(d -> d.findElement(By.cssSelector("#admin-jobs tr[data-job-id='" + adminJobId + "'] [data-role='status']"))
                .getText().equals("completed"));
        // "Created" to the second, no ISO microseconds
        for (WebElement created : web.findElements(By.cssSelector("#admin-jobs td[data-role='created']"))) {
            if (!created.getText().isBlank()) {
                assertThat(created.getText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            }
        }
        assertThat(noSidewaysScroll()).isTrue();
        browser.screenshot(images.resolve("admin-jobs.png"));
    }

    static Map<String, String> counts() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (WebElement dd : web.findElements(By.cssSelector("#by-status dd[data-status]"))) {
            out.put(dd.getAttribute("data-status"), dd.getText());
        }
        return out;
    }

    @Test
    @Order(9)
    void theAdminsBulkActionsComeBackToACleanUrl() {
        web.get(ui + "/admin/jobs?status=completed");
        waitUpTo(30).until(d -> !d.findElements(By.id("admin-jobs")).isEmpty());
        byId("bulk-cancel").click(); // nothing selected: the page says so and the URL is well formed
        waitUpTo(30).until(d -> !d.findElements(By.id("bulk-result")).isEmpty());
        assertThat(web.getCurrentUrl()).contains("status=completed").contains("&done=").doesNotContain("&&").doesNotContain("?&");
        assertThat(byId("bulk-result").getText()).contains("Select jobs");
    }

    @Test
    @Order(10)
    void pagesThatCannotBeShownAreErrorPagesInTheLayoutWithAWayBack() {
        signIn("demo");
        web.get(ui + "/admin/jobs");
        waitUpTo(30).until(d -> !d.findElements(By.id("error-page")).isEmpty());
        assertThat(byId("error-title").getText()).isEqualTo("Administrators only");
        assertThat(byId("error-page").getAttribute("data-status")).isEqualTo("403");
        assertThat(byId("signed-in-as").getText()).isEqualTo("demo"); // the app's layout, signed in
        web.get(ui + "/training/jobs/" + adminJobId);
        waitUpTo(30).until(d -> !d.findElements(By.id("error-page")).isEmpty());
        assertThat(byId("error-title").getText()).isEqualTo("Job not found");
        assertThat(web.getPageSource()).doesNotContain("{\"message\"");
        byId("error-back").click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/prompt"));
        waitReady();
    }

    @Test
    @Order(11)
    void aCompletedJobRunsAgainAndACancelNamesTheSignedInUser() {
        web.get(ui + "/training/jobs/" + jobId);
        waitReady();
        assertThat(byId("job-status").getText()).isEqualTo("completed");
        assertThat(byId("retry-job").getText()).isEqualTo("Run again");
        assertThat(byId("retry-job").isEnabled()).isTrue();
        byId("retry-job").click();
        // the trainer answers within its 10 s timeout; on this shared 2-core machine give the page time to show it
        waitUpTo(90).withMessage(() -> "action message: " + byId("action-error").getText())
                .until(d -> !d.findElement(By.id("action-error")).getText().isBlank());
        assertThat(byId("action-error").getText()).startsWith("Running again as job");
        assertThat(byId("action-error").getAttribute("class")).contains("notice");
        String again = byId("action-error").findElement(By.tagName("a")).getAttribute("href");
        web.get(again);
        waitReady();
        assertThat(byId("job-owner").getText()).isEqualTo("demo");
        String againId = web.findElement(By.id("job")).getAttribute("data-job-id");

        // high-priority jobs ahead keep the trainer's two workers busy, so the low one usually waits in the queue; a
        // short prompt trains in seconds on a quiet machine, though, and then the low one is already running when the
        // cancel comes: a running job stops at its next progress step, which can be a whole search phase away
        for (int i = 0; i < 4; i++) {
            submitAs("demo", PROMPT, "sentiment_analysis", "high", false);
        }
        String low = submitAs("demo", PROMPT, "sentiment_analysis", "low", false);
        web.get(ui + "/training/jobs/" + low);
        waitReady();
        waitUpTo(30).until(d -> d.findElement(By.id("cancel-job")).isEnabled());
        byId("cancel-job").click();
        waitUpTo(240).withMessage(() -> "after Cancel the page says: " + byId("action-error").getText() + " | "
                        + byId("job-message").getText() + " | status " + byId("job-status").getText())
                .until(d -> d.findElement(By.id("job-status")).getText().equals("cancelled"));
        waitUpTo(30).until(d -> d.findElement(By.id("job-message")).getText().contains("Cancelled by demo"));
        assertThat(byId("job-message").getText()).doesNotContain("anonymous");
        awaitStatus("demo", againId, "completed", 300);
    }

    @Test
    @Order(12)
    void olderJobsArePagedAndSearchable() {
        // 22 jobs of a month ago, under dataset names of their own (the servers may hold other runs' jobs too)
        String tag = "arch" + java.util.UUID.randomUUID().toString().substring(0, 6);
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < 22; i++) {
            java.time.Instant at = now.minus(Duration.ofDays(30)).plusSeconds(i * 60L);
            insertJob(tag + "-" + i + "-" + java.util.UUID.randomUUID(), "demo", "prompt_" + tag + (i % 2 == 0 ? "_even" : "_odd"),
                    i % 2 == 0 ? "text_classification" : "sentiment_analysis", i % 3 == 0 ? "failed" : "completed", at,
                    at.plusSeconds(1), at.plusMillis(1400), null);
        }
        web.get(ui + "/training/prompt");
        waitReady();
        assertThat(web.findElements(By.cssSelector("#recent-jobs tbody tr"))).hasSize(20);
        assertThat(byId("jobs-page").getText()).startsWith("page 1 of ");
        assertThat(byId("jobs-newer").isEnabled()).isFalse();
        byId("jobs-older").click();
        waitUpTo(10).until(d -> "2".equals(d.findElement(By.id("recent-jobs")).getAttribute("data-page")));
        assertThat(web.findElements(By.cssSelector("#recent-jobs tbody tr"))).isNotEmpty();
        assertThat(byId("jobs-newer").isEnabled()).isTrue();

        // search by a piece of the dataset name: 22 of them, the two oldest on page 2
        byId("search-text").sendKeys(tag);
        byId("search-go").click();
        waitUpTo(10).until(d -> "1".equals(d.findElement(By.id("recent-jobs")).getAttribute("data-page"))
                && d.findElement(By.id("jobs-page")).getText().equals("page 1 of 2 · 22 job(s)"));
        byId("jobs-older").click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).size() == 2);
        for (WebElement archived : web.findElements(By.cssSelector("#recent-jobs tbody tr"))) {
            // "Started" has a date; a job of 0.4 s does not show "0s"
            assertThat(archived.findElement(By.cssSelector("[data-role='started']")).getText())
                    .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(archived.findElement(By.cssSelector("[data-role='duration']")).getText()).isEqualTo("0.4s");
        }
        byId("search-text").clear();
        byId("search-text").sendKeys(tag + "_even");
        new org.openqa.selenium.support.ui.Select(byId("search-status")).selectByValue("failed");
        byId("search-go").click();
        waitUpTo(10).until(d -> "1".equals(d.findElement(By.id("recent-jobs")).getAttribute("data-page"))
                && d.findElements(By.cssSelector("#recent-jobs tbody tr")).size() == 4);
        for (WebElement row : web.findElements(By.cssSelector("#recent-jobs tbody tr"))) {
            assertThat(row.getText()).contains("prompt_" + tag + "_even").contains("failed");
        }
        new org.openqa.selenium.support.ui.Select(byId("search-status")).selectByValue("");
        new org.openqa.selenium.support.ui.Select(byId("search-model-type")).selectByValue("sentiment_analysis");
        byId("search-go").click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).isEmpty());
        assertThat(byId("no-jobs").getText()).isEqualTo("No jobs match.");
        byId("search-clear").click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).size() == 20);
    }

    @Test
    @Order(13)
    void smallThingsOfTheFormAndTheJobPage() throws Exception {
        js("localStorage.clear()");
        web.navigate().refresh();
        waitReady();
        // no draft, no "Discard draft"
        assertThat(byId("discard-draft").isDisplayed()).isFalse();
        typePrompt("good -> positive\nbad -> negative\n");
        waitUpTo(5).until(d -> d.findElement(By.id("discard-draft")).isDisplayed());

        // "Use UPM" is off, with the reason, for the language-model types
        new org.openqa.selenium.support.ui.Select(byId("model-type")).selectByValue("general_chat");
        assertThat(byId("use-upm").isEnabled()).isFalse();
        assertThat(byId("use-upm").isSelected()).isFalse();
        assertThat(byId("use-upm-reason").isDisplayed()).isTrue();
        assertThat(byId("use-upm-reason").getText()).contains("classification");
        new org.openqa.selenium.support.ui.Select(byId("model-type")).selectByValue("sentiment_analysis");
        assertThat(byId("use-upm").isEnabled()).isTrue();
        assertThat(byId("use-upm-reason").isDisplayed()).isFalse();

        // pasted binary data is called binary
        typePrompt("ok -> positive\n\u0000\u0001\u0002PNG\u0003\u0004 -> negative\n");
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("binary"));
        assertThat(byId("preview").getText()).contains("binary data").doesNotContain("no label");

        // a refused CSV upload: its error once
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("bad-", ".csv");
        java.nio.file.Files.writeString(csv, "text,label\n\"fine\",positive\n\"unterminated,negative\n");
        web.findElement(By.cssSelector("#more-input summary")).click();
        byId("csv-file").sendKeys(csv.toString());
        byId("upload-csv").click();
        waitUpTo(30).until(d -> !d.findElement(By.id("error-file")).getText().isBlank());
        String error = byId("error-file").getText();
        String firstLine = error.contains(" — ") ? error.substring(0, error.indexOf(" — ")) : error;
        assertThat(error.indexOf(firstLine)).isEqualTo(error.lastIndexOf(firstLine));
        java.nio.file.Files.deleteIfExists(csv);
        typePrompt("");
        js("localStorage.clear()");

        // the completed job's page does not scroll sideways (the trial table stays in its card)
        web.get(ui + "/training/jobs/" + jobId);
        waitReady();
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#trials tbody tr")).isEmpty());
        assertThat(noSidewaysScroll()).as("the page scrolls sideways").isTrue();
    }

    @Test
    @Order(14)
    void mlflowLinksFollowTheAddressThePageWasReachedBy() throws Exception {
        String other = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(n -> {
                    try {
                        return n.isUp() && !n.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .map(java.net.InetAddress::getHostAddress).findFirst().orElse(null);
        Assumptions.assumeTrue(other != null, "this machine has no address but loopback");
        String id = "mlflow-" + java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now();
        insertJob(id, "demo", "prompt_mlflow_link", "sentiment_analysis", "completed", now, now, now.plusSeconds(3),
                "http://127.0.0.1:5000/#/experiments/1/runs/abc");
        String viaIp = ui.replace("127.0.0.1", other).replace("localhost", other);
        String saved = ui;
        try {
            ui = viaIp;
            signIn("demo");
            web.get(ui + "/training/jobs/" + id);
            waitReady();
            waitUpTo(10).until(d -> d.findElement(By.id("mlflow-link")).isDisplayed());
            assertThat(byId("mlflow-link").getAttribute("href")).startsWith("http://" + other + ":5000/");
        } finally {
            ui = saved;
        }
        signIn("demo");
    }

    /** The agent commands of the user guide's "first ten minutes", in the order they are written there. */
    static List<String> guideAgentCommands() throws Exception {
        String guide = java.nio.file.Files.readString(ProjectPaths.root().resolve("docs/user-guide.md"));
        int start = guide.indexOf("## First ten minutes");
        assertThat(start).as("docs/user-guide.md has a \"First ten minutes\" section").isNotNegative();
        int end = guide.indexOf("\n## ", start + 5);
        String section = guide.substring(start, end < 0 ? guide.length() : end);
        List<String> commands = section.lines().map(String::strip).filter(l -> l.startsWith("java -jar agent-sdk/target/upm-agent.jar"))
                .map(l -> l.replaceAll("\\s*&\\s*$", "")).toList();
        assertThat(commands).as("the guide starts three agents").hasSize(3);
        assertThat(section).contains("THUNDERLINE_UPM_SNAPSHOTS_EVERY_WINDOWS=2");
        return commands;
    }

    static Process startAgent(String command) throws Exception {
        List<String> args = new java.util.ArrayList<>(Arrays.asList(command.split("\\s+")));
        args.set(0, ProcessHandle.current().info().command().orElse("java"));
        args.set(2, ProjectPaths.root().resolve("agent-sdk/target/upm-agent.jar").toString());
        replaceOption(args, "--kafka", Infra.shared().endpoints().kafkaBootstrap());
        replaceOption(args, "--port", Integer.toString(Ports.free()));
        args.addAll(List.of("--heartbeat-seconds", "2"));
        java.nio.file.Path log = Path.of("target/browser-stack-logs").toAbsolutePath();
        java.nio.file.Files.createDirectories(log);
        Process p = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(log.resolve("agent-" + agents.size() + ".log").toFile()).start();
        agents.add(p);
        return p;
    }

    static void replaceOption(List<String> args, String name, String value) {
        int i = args.indexOf(name);
        if (i < 0) {
            args.addAll(List.of(name, value));
        } else {
            args.set(i + 1, value);
        }
    }

    /** Read in one script: the list is redrawn with every status, so an element found first may be gone next. */
    static String agentState(String agentId) {
        Object state = js("const li = document.querySelector('#upm-agent-list li[data-agent-id=\"' + arguments[0] + '\"]');"
                + " return li ? li.getAttribute('data-state') : '';", agentId);
        return state == null ? "" : state.toString();
    }

    @Test
    @Order(15)
    void firstTenMinutesAgentsWaitThenSyncAndAStoppedAgentShowsOffline() throws Exception {
        List<String> commands = guideAgentCommands();
        String run = java.util.UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = new java.util.ArrayList<>();
        for (String c : commands) {
            List<String> args = new java.util.ArrayList<>(Arrays.asList(c.split("\\s+")));
            String id = args.get(args.indexOf("--agent-id") + 1) + "-" + run;
            args.set(args.indexOf("--agent-id") + 1, id);
            ids.add(id);
            startAgent(String.join(" ", args));
        }
        web.get(ui + "/training/prompt");
        waitReady();
        // listed as soon as they subscribe, waiting for a first model: 0 / 3, not 0 / 0
        waitUpTo(90).until(d -> ids.stream().allMatch(id -> agentState(id).equals("waiting")));
        waitUpTo(30).until(d -> d.findElement(By.id("upm-agents")).getText().equals("0 / 3"));
        assertThat(byId("upm-families-note").isDisplayed()).isTrue();
        assertThat(byId("upm-families-note").getText()).contains("8 by default");
        browser.screenshot(images.resolve("upm-agents-waiting.png"));

        // the guide: submit with "Use UPM" on; one short prompt is one feature window of two
        new org.openqa.selenium.support.ui.Select(byId("model-type")).selectByValue("sentiment_analysis");
        if (!byId("use-upm").isSelected()) {
            byId("use-upm").click();
        }
        typePrompt(PROMPT);
        waitUpTo(30).until(d -> d.findElement(By.id("submit")).isEnabled());
        java.util.Set<String> listed = listedJobs();
        byId("submit").click();
        WebElement row = waitUpTo(10).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).stream()
                .filter(r -> !listed.contains(r.getAttribute("data-job-id"))).findFirst().orElse(null));
        String upmJob = row.getAttribute("data-job-id");
        waitUpTo(300).until(d -> !d.findElements(By.cssSelector("#upm-families tr[data-family='sentiment_analysis']")).isEmpty()
                && d.findElement(By.cssSelector("#upm-families tr[data-family='sentiment_analysis'] [data-role='next']"))
                .getText().startsWith("1 more"));
        assertThat(textOf("#upm-families tr[data-family='sentiment_analysis'] [data-role='windows']")).startsWith("1");
        assertThat(textOf("#upm-families tr[data-family='sentiment_analysis'] [data-role='active']")).isEqualTo("none yet");
        // no word of the panel's tables is broken ("sentimen t_analysis", "Versi on", "quaranti ned"): every cell
        // whose text is one word is laid out on one line
        assertThat(js("const broken = []; const w = document.createTreeWalker(document.getElementById('upm-panel'),"
                + " NodeFilter.SHOW_TEXT); let n; while ((n = w.nextNode())) { const t = n.textContent.trim();"
                + " if (!t || /\\s/.test(t) || !n.parentElement.closest('table')) continue;"
                + " const r = document.createRange(); r.selectNodeContents(n); if (r.getClientRects().length > 1) broken.push(t); }"
                + " return broken.join(',');")).isEqualTo("");

        // the guide: "Run again" on the job's page sends the second window: a snapshot, and every agent gets it
        awaitStatus("demo", upmJob, "completed", 300);
        web.get(ui + "/training/jobs/" + upmJob);
        waitReady();
        waitUpTo(30).until(d -> d.findElement(By.id("retry-job")).getText().equals("Run again"));
        byId("retry-job").click();
        waitUpTo(30).until(d -> d.findElement(By.id("action-error")).getText().startsWith("Running again"));
        web.get(ui + "/training/prompt");
        waitReady();
        waitUpTo(400).until(d -> d.findElement(By.id("upm-agents")).getText().equals("3 / 3"));
        assertThat(ids.stream().map(BrowserIT::agentState)).containsOnly("synced");
        assertThat(textOf("#upm-families tr[data-family='sentiment_analysis'] [data-role='active']")).isEqualTo("v1");
        browser.screenshot(images.resolve("upm-agents-synced.png"));

        // an agent that stops answering is offline within the stated time and still counted: 2 / 3, never 2 / 2
        agents.get(agents.size() - 1).destroyForcibly();
        long killed = System.nanoTime();
        waitUpTo(60).until(d -> agentState(ids.get(2)).equals("offline"));
        long seconds = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        assertThat(seconds).as("offline after 6 s of silence, shown within one status interval more").isLessThanOrEqualTo(15);
        assertThat(byId("upm-agents").getText()).isEqualTo("2 / 3");
        assertThat(byId("upm-offline").getText()).startsWith("1").contains("6 s");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Issue 16: a classifier's evaluation as an estimate with its spread, and every class probability in "Try it".
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(16)
    void aCrossValidatedEstimateIsShownWithItsSpreadAndASmallDataNotice() {
        // a synthetic terminal update with the metrics the trainer of issue 16 reports, on the real topic
        String id = "cv-" + java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now();
        insertJob(id, "demo", "prompt_cv_sentiment_analysis", "sentiment_analysis", "running", now, now, null, null);
        Map<String, Double> metrics = new java.util.HashMap<>(Map.of("cv_accuracy_mean", 0.85, "cv_accuracy_std", 0.08,
                "cv_f1_mean", 0.83, "cv_f1_std", 0.09, "cv_folds", 5.0, "evaluated_examples", 18.0, "accuracy", 1.0, "f1", 1.0));
        metrics.putAll(Map.of("cv_precision_positive", 0.9, "cv_recall_positive", 0.8, "cv_precision_negative", 0.75,
                "cv_recall_negative", 0.86, "cv_precision_neutral", 0.84, "cv_recall_neutral", 0.83));
        try (io.thunderline.infra.KafkaTestClient kafka = new io.thunderline.infra.KafkaTestClient(Infra.shared().endpoints().kafkaBootstrap())) {
            kafka.send(new io.thunderline.contracts.JobUpdate(io.thunderline.contracts.Contracts.SCHEMA_VERSION, id, 1,
                    io.thunderline.contracts.JobStatus.COMPLETED, 4, io.thunderline.contracts.JobUpdate.phaseName(4), null, null,
                    metrics, Map.of("evaluated_on", "cross_validation"), "Completed", java.time.Instant.now()), id);
        }
        web.get(ui + "/training/jobs/" + id);
        waitReady();
        waitUpTo(30).until(d -> d.findElement(By.id("evaluation")).isDisplayed());
        assertThat(byId("estimate").getText())
                .isEqualTo("18 examples, 5-fold estimate: macro F1 0.83 ± 0.09, accuracy 0.85 ± 0.08");
        assertThat(byId("small-data").isDisplayed()).isTrue();
        assertThat(byId("small-data").getText()).contains("few examples").contains("add more lines");
        assertThat(web.findElements(By.cssSelector("#per-class tbody tr"))).hasSize(3);
        assertThat(web.findElement(By.cssSelector("#per-class tr[data-class='negative']")).getText()).contains("0.75").contains("0.86");
        // the score on the handful of training examples (accuracy 1.0) is not presented as the model's accuracy
        assertThat(byId("all-metrics").getAttribute("open")).isNull();
        assertThat(byId("evaluation").getText()).doesNotContain("1.00");
    }

    @Test
    @Order(17)
    void tryItShowsTheTopLabelAndEveryClassProbability() {
        web.get(ui + "/training/jobs/" + jobId);
        waitReady();
        byId("try-text").sendKeys("I love it, works great");
        byId("try-submit").click();
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#try-probs li")).isEmpty());
        List<WebElement> probs = web.findElements(By.cssSelector("#try-probs li"));
        assertThat(probs).hasSize(3); // positive, negative, neutral: every class, not just the top one
        List<Double> values = probs.stream().map(li -> Double.parseDouble(li.findElements(By.xpath("./span")).get(2)
                .getText().replace("%", ""))).toList();
        assertThat(values).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(values.stream().mapToDouble(Double::doubleValue).sum()).isBetween(99.0, 101.0);
        String top = web.findElement(By.cssSelector("#try-label strong")).getText();
        assertThat(probs.get(0).getAttribute("data-label")).isEqualTo(top);
        assertThat(probs.get(0).getAttribute("class")).contains("top");
    }

    @Test
    @Order(18)
    void theRealTrainersSmallDataEstimateIsShownOnTheJobPage() {
        // the job of test 3, trained by the real trainer on 9 examples: once issue 16's trainer is in, it reports a
        // cross-validated estimate; an older trainer does not, and then this test has nothing to check yet
        java.net.http.HttpResponse<String> detail = http("GET", "/api/jobs/" + jobId, "demo", null);
        Assumptions.assumeTrue(detail.body().contains("cv_f1_mean"),
                "PENDING: the trainer does not report cross-validated metrics yet (issue 16)");
        web.get(ui + "/training/jobs/" + jobId);
        waitReady();
        waitUpTo(10).until(d -> d.findElement(By.id("evaluation")).isDisplayed());
        assertThat(byId("estimate").getText()).matches("9 examples, \\d+-fold estimate: macro F1 \\d\\.\\d\\d ± \\d\\.\\d\\d, "
                + "accuracy \\d\\.\\d\\d ± \\d\\.\\d\\d");
        assertThat(byId("small-data").isDisplayed()).isTrue();
        assertThat(web.findElements(By.cssSelector("#per-class tbody tr"))).hasSize(3);
        js("window.scrollTo(0, document.getElementById('evaluation').getBoundingClientRect().top + window.scrollY - 420)");
        browser.screenshot(images.resolve("job-detail.png"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Issue 17: a language model answers token by token, can be stopped, and keeps the turns of a conversation.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    @Order(19)
    void aLanguageModelStreamsItsAnswerCanBeStoppedAndKeepsTheConversation() {
        String lm = submitAs("demo", """
                Task: Greet the person by name
                Input: Ada
                Expected: Hello, Ada!

                Task: Greet the person by name
                Input: Linus
                Expected: Hello, Linus!

                Task: Summarize the following text
                Input: The meeting moved from Monday to Tuesday at 10.
                Expected: The meeting is now Tuesday at 10.
                """, "instruction_following", "high", false);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                .until(() -> List.of("completed", "failed").contains(jobStatus("demo", lm)));
        Assumptions.assumeTrue(jobStatus("demo", lm).equals("completed"),
                "PENDING: the trainer did not complete an instruction-following job (issue 17's backend)");
        // the backend of issue 17: until trainer-service answers POST /models/{id}/generate, this test is pending
        String trainer = fleet == null ? null : fleet.get("trainer-service").url();
        Assumptions.assumeTrue(trainer != null, "needs the stack started by this test");
        int probe;
        try {
            probe = HTTP.send(java.net.http.HttpRequest.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .uri(java.net.URI.create(trainer + "/models/" + lm + "/generate"))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                    .header("Authorization", io.thunderline.infra.TestTokens.user("demo", "trainer-service"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\",\"history\":[],\"maxTokens\":1}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            probe = -1;
        }
        Assumptions.assumeTrue(probe == 200, "PENDING: trainer-service has no POST /models/{jobId}/generate yet (issue 17), it answered " + probe);

        web.get(ui + "/training/jobs/" + lm);
        waitReady();
        // a language model's page: no accuracy or F1 charts
        assertThat(web.findElements(By.id("epoch-accuracy"))).isEmpty();
        assertThat(web.findElements(By.id("epoch-f1"))).isEmpty();
        assertThat(byId("try-text").getTagName()).isEqualTo("textarea");
        byId("try-text").sendKeys("Greet the person by name\nInput: Grace");
        js("window.__tokens = 0; new MutationObserver(() => window.__tokens++).observe(document.getElementById('chat'),"
                + " {subtree: true, characterData: true, childList: true});");
        byId("try-submit").click();
        waitUpTo(120).until(d -> "2".equals(d.findElement(By.id("chat")).getAttribute("data-turns")));
        WebElement answer = web.findElements(By.cssSelector("#chat .turn.assistant")).get(0);
        String first = answer.getText();
        assertThat(first).isNotBlank();
        // three examples: the job keeps two drafts (with and without them); both streamed, the page says which is kept
        assertThat(answer.getAttribute("data-draft")).isEqualTo("2");
        assertThat(answer.getAttribute("title")).startsWith("Kept the draft written with");
        assertThat(((Number) js("return window.__tokens")).intValue()).as("the answer arrived in pieces").isGreaterThan(2);
        // a second turn of the same conversation
        byId("try-text").sendKeys("And now greet Alan");
        byId("try-submit").click();
        waitUpTo(120).until(d -> "4".equals(d.findElement(By.id("chat")).getAttribute("data-turns")));
        assertThat(web.findElements(By.cssSelector("#chat .turn.user"))).hasSize(2);
        // stop: the answer ends where it was
        byId("try-text").sendKeys("Write a long story about a lighthouse keeper and the sea, with many details.");
        byId("try-submit").click();
        waitUpTo(60).until(d -> d.findElement(By.id("try-stop")).isEnabled());
        byId("try-stop").click();
        waitUpTo(30).until(d -> d.findElement(By.id("try-state")).getText().equals("stopped"));
        assertThat(byId("try-submit").isEnabled()).isTrue();
        byId("try-reset").click();
        assertThat(web.findElements(By.cssSelector("#chat .turn"))).isEmpty();
    }
}
