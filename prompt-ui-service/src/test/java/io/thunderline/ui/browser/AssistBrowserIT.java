package io.thunderline.ui.browser;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training prompt page's assistant in headless Chromium against the whole stack as real processes: the real
 * trainer-service reads the prompt with its sentence encoder (MiniLM), so the suggestions and proposals here are the
 * real ones. Set THUNDERLINE_UI_URL to run against a stack that is already up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssistBrowserIT {
    static final List<String[]> NEWS = io.thunderline.infra.NewsLines.THREE_TOPICS;
    static final String MISLABELLED = "\"Researchers found a new species of deep-sea fish\" -> sport";
    static final String NEAR_DUPLICATE = "\"the striker  scored twice in the second half\" -> sport";
    static final List<String> FRESH = List.of(
            "Scientists sequenced the genome of an ancient wheat variety",
            "The midfielder signed a new three-year contract",
            "The finance minister defended the tax plan in parliament",
            "The coach praised the defence after a clean sheet",
            "Biologists tracked whales migrating across the Atlantic");

    static BrowserStack stack;
    static ServiceFleet fleet;
    static String ui;
    static Browser browser;
    static WebDriver web;
    static Path images;

    static String prompt(boolean withMistakes) {
        List<String> lines = new ArrayList<>(List.of("Classify news headlines:", ""));
        for (String[] row : NEWS) {
            lines.add("\"" + row[0] + "\" -> " + row[1]);
        }
        if (withMistakes) {
            lines.set(2 + 9, MISLABELLED);
            lines.add(NEAR_DUPLICATE);
        }
        return String.join("\n", lines) + "\n";
    }

    @BeforeAll
    static void start() {
        stack = BrowserStack.start("assist", Map.of());
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

    static String promptText() {
        return byId("prompt-text").getAttribute("value");
    }

    static void signInAsDemo() {
        web.get(ui + "/login");
        web.manage().deleteAllCookies();
        js("localStorage.clear()");
        web.get(ui + "/training/prompt");
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
        byId("j_username").sendKeys("demo");
        byId("j_password").sendKeys("demo");
        byId("sign-in").click();
        waitUpTo(30).until(ExpectedConditions.urlContains("/training/prompt"));
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    static void typePrompt(String text) {
        WebElement area = byId("prompt-text");
        js("const t = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    /** The suggestion of {@code kind} once the check of the current text is done. */
    static WebElement suggestion(String kind, int seconds) {
        return waitUpTo(seconds).until(d -> {
            if (!"done".equals(d.findElement(By.id("suggestions")).getAttribute("data-state"))) {
                return null;
            }
            return d.findElements(By.cssSelector("#suggestion-list li[data-kind='" + kind + "']")).stream()
                    .findFirst().orElse(null);
        });
    }

    @Test
    @Order(1)
    void suggestionsNameTheMislabelledLineAndTheDuplicateAndOneClickFixesThem() {
        signInAsDemo();
        new Select(byId("model-type")).selectByValue("text_classification");
        typePrompt(prompt(true));
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("13 examples"));

        // the first check loads the sentence encoder in the trainer: give it time
        WebElement mislabelled = suggestion("LIKELY_MISLABELLED", 180);
        assertThat(mislabelled.getAttribute("data-lines")).isEqualTo("12");
        assertThat(mislabelled.getText()).contains("Line 12").contains("Researchers found a new species");
        WebElement duplicate = suggestion("DUPLICATE", 5);
        assertThat(duplicate.getAttribute("data-lines")).isEqualTo("3 15");
        assertThat(duplicate.findElement(By.cssSelector("button.fix")).getText()).isEqualTo("Remove line 15");
        WebElement relabel = mislabelled.findElement(By.cssSelector("button.fix"));
        assertThat(relabel.getText()).isEqualTo("Relabel line 12 as science");
        assertThat(byId("submit").isEnabled()).isTrue(); // suggestions advise; they never block a submission
        browser.screenshot(images.resolve("prompt-suggestions.png"));

        relabel.click();
        assertThat(promptText()).contains("\"Researchers found a new species of deep-sea fish\" -> science\n")
                .doesNotContain(MISLABELLED).contains(NEAR_DUPLICATE);
        // the text is checked again; the duplicate's fix removes its line
        waitUpTo(60).until(d -> "done".equals(d.findElement(By.id("suggestions")).getAttribute("data-state"))
                && d.findElements(By.cssSelector("#suggestion-list li[data-lines='12']")).isEmpty());
        suggestion("DUPLICATE", 60).findElement(By.cssSelector("button.fix")).click();
        assertThat(promptText()).isEqualTo(prompt(false));
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("12 examples"));
        waitUpTo(60).until(d -> "done".equals(d.findElement(By.id("suggestions")).getAttribute("data-state")));
        // neither mistake is named any more (the sentence encoder may still have advice about other lines)
        assertThat(web.findElements(By.cssSelector("#suggestion-list li[data-kind='DUPLICATE']"))).isEmpty();
        assertThat(web.findElements(By.cssSelector("#suggestion-list li[data-kind='LIKELY_MISLABELLED'][data-lines='12']")))
                .isEmpty();
    }

    @Test
    @Order(2)
    void proposedLabelsAboveAThresholdAreAcceptedIntoThePromptAndSubmittedAsAutoLabel() {
        typePrompt(prompt(false));
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains("12 examples"));
        web.findElement(By.cssSelector("#auto-label summary")).click();
        byId("unlabelled-text").sendKeys(String.join("\n", FRESH));
        byId("propose-labels").click();
        waitUpTo(120).until(d -> "proposed".equals(d.findElement(By.id("proposal-panel")).getAttribute("data-state")));
        List<WebElement> rows = web.findElements(By.cssSelector("#proposals tbody tr"));
        assertThat(rows).hasSize(FRESH.size());
        List<Double> confidences = rows.stream().map(r -> Double.parseDouble(r.getAttribute("data-confidence"))).toList();
        assertThat(confidences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(byId("proposal-source").getText()).contains("labelled lines");
        // every line has a proposed label among the prompt's, a confidence, accept and reject
        for (WebElement row : rows) {
            assertThat(new Select(row.findElement(By.tagName("select"))).getOptions()).extracting(WebElement::getText)
                    .containsExactly("politics", "science", "sport");
            assertThat(row.findElement(By.cssSelector("td.confidence")).getText()).matches("\\d{1,3}%");
        }
        js("document.getElementById('auto-label').scrollIntoView()");
        browser.screenshot(images.resolve("auto-label.png"));

        // accept everything at or above the third line's confidence: the first three rows (ties included)
        int percent = (int) Math.floor(confidences.get(2) * 100);
        List<String> expectedAccepted = new ArrayList<>();
        List<String> remainingTexts = new ArrayList<>();
        for (WebElement row : rows) {
            String line = "\"" + row.findElement(By.cssSelector("td.text")).getText() + "\" -> " + row.getAttribute("data-proposed");
            if (Double.parseDouble(row.getAttribute("data-confidence")) >= percent / 100.0) {
                expectedAccepted.add(line);
            } else {
                remainingTexts.add(row.findElement(By.cssSelector("td.text")).getText());
            }
        }
        WebElement threshold = byId("accept-threshold");
        threshold.clear();
        threshold.sendKeys(String.valueOf(percent));
        byId("accept-above").click();
        assertThat(promptText()).isEqualTo(prompt(false) + String.join("\n", expectedAccepted) + "\n");
        assertThat(web.findElements(By.cssSelector("#proposals tbody tr"))).hasSize(remainingTexts.size());
        assertThat(byId("proposal-status").getText()).isEqualTo("Added " + expectedAccepted.size() + " line"
                + (expectedAccepted.size() == 1 ? "" : "s") + " to the training text.");

        // another label for one line, then accept it; reject the rest
        String before = promptText();
        if (!remainingTexts.isEmpty()) {
            WebElement row = web.findElements(By.cssSelector("#proposals tbody tr")).get(0);
            String rowText = row.findElement(By.cssSelector("td.text")).getText();
            String other = row.getAttribute("data-proposed").equals("science") ? "politics" : "science";
            new Select(row.findElement(By.tagName("select"))).selectByValue(other);
            row.findElement(By.cssSelector("button.accept")).click();
            assertThat(promptText()).isEqualTo(before + "\"" + rowText + "\" -> " + other + "\n");
            while (!web.findElements(By.cssSelector("#proposals tbody tr")).isEmpty()) {
                web.findElements(By.cssSelector("#proposals tbody tr")).get(0).findElement(By.cssSelector("button.reject")).click();
            }
            assertThat(byId("proposal-panel").isDisplayed()).isFalse();
        }
        int examples = 12 + expectedAccepted.size() + (remainingTexts.isEmpty() ? 0 : 1);
        waitUpTo(30).until(d -> d.findElement(By.id("preview")).getText().contains(examples + " examples"));
        waitUpTo(30).until(d -> d.findElement(By.id("submit")).isEnabled());

        // the submission says where the accepted lines came from
        js("window.__sent = null; const f = window.fetch; window.fetch = function (u, o) {"
                + " if (String(u).startsWith('/api/submissions')) window.__sent = o.body; return f.apply(this, arguments); };");
        byId("submit").click();
        waitUpTo(30).until(d -> js("return window.__sent") != null);
        assertThat((String) js("return window.__sent")).contains("\"source\":\"auto-label\"");
        TrainingForm.awaitSubmitted(web);
    }
}
