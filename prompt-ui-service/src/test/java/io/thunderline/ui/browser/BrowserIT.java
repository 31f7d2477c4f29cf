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

    static ServiceFleet fleet;
    static String ui;
    static Browser browser;
    static WebDriver web;
    static Path images;
    static String jobId;

    @BeforeAll
    static void start() {
        String missing = "needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            // CI installs the browser (.ci/run): there a missing browser is a broken run, not a reason to skip
            assertThat(Browser.available()).as(missing).isTrue();
        }
        Assumptions.assumeTrue(Browser.available(), missing);
        Path target = Path.of("target").toAbsolutePath();
        ui = System.getenv("THUNDERLINE_UI_URL");
        if (ui == null || ui.isBlank()) {
            fleet = new ServiceFleet(Infra.shared().endpoints(), target.resolve("browser-stack-logs"), spec -> Ports.free())
                    .startAll(Map.of(), Duration.ofSeconds(400));
            ui = fleet.get("prompt-ui-service").url();
        }
        images = ProjectPaths.root().resolve("docs/images");
        browser = new Browser(target.resolve("browser-logs"));
        web = browser.web();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(web, Duration.ofSeconds(seconds), Duration.ofMillis(100));
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
        WebElement row = waitUpTo(5).until(d -> d.findElements(By.cssSelector("#recent-jobs tbody tr")).stream()
                .filter(r -> !listed.contains(r.getAttribute("data-job-id"))).findFirst().orElse(null));
        jobId = row.getAttribute("data-job-id");
        assertThat(web.getCurrentUrl()).isEqualTo(before); // no reload, no navigation
        assertThat(web.findElements(By.cssSelector("#recent-jobs tbody tr")).get(0).getAttribute("data-job-id")).isEqualTo(jobId);
        assertThat(byId("form-error").getText()).contains("submitted");
        assertThat(byId("prompt-text").getAttribute("value")).isEmpty();
        assertThat(js("return localStorage.getItem(arguments[0])", "thunderline.draft.v1.demo")).isNull();

        String rowSelector = "#job-" + jobId;
        waitUpTo(240).until(d -> d.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"))
                .getAttribute("data-statuses").endsWith("completed"));
        List<String> seen = Arrays.asList(web.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"))
                .getAttribute("data-statuses").split(" "));
        assertThat(seen).containsSubsequence("queued", "running", "completed");
        assertThat(web.findElement(By.cssSelector("tr[data-job-id='" + jobId + "'] [data-role='phase']")).getText()).startsWith("4/4");
        assertThat(web.findElement(By.cssSelector("tr[data-job-id='" + jobId + "'] [data-role='duration']")).getText()).isNotBlank();
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
        waitUpTo(10).until(d -> d.findElement(By.id("form-error")).getText().contains("submitted"));
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
}
