package io.thunderline.ui.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt page's submit form as the browser tests read it. */
final class TrainingForm {

    /**
     * Longer than the page's own 30 s deadline for storing a dataset, so that a slow store ends in the page's
     * message rather than in a silent timeout here.
     */
    static final Duration SUBMISSION = Duration.ofSeconds(45);

    private TrainingForm() {
    }

    /**
     * After a click on submit: the form's first message (the click cleared it, the answer fills it), which must say
     * "submitted"; a refusal or a timeout fails with what the form showed.
     */
    static String awaitSubmitted(WebDriver web) {
        String message = new WebDriverWait(web, SUBMISSION).withMessage(() -> state(web)).until(d -> {
            String t = d.findElement(By.id("form-error")).getText();
            return t.isBlank() ? null : t;
        });
        assertThat(message).as(() -> "the page after submit: " + state(web)).contains("submitted");
        return message;
    }

    /** What the form shows (message, preview, button): the diagnosis when a submission does not end as expected. */
    static String state(WebDriver web) {
        return "form-error=\"" + web.findElement(By.id("form-error")).getText() + "\", preview=\""
                + web.findElement(By.id("preview")).getText() + "\", submit enabled="
                + web.findElement(By.id("submit")).isEnabled();
    }
}
