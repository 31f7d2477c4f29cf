package io.thunderline.ui.browser;

import io.thunderline.infra.Ports;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven through Debian's chromedriver, which we start and stop ourselves (no Selenium
 * Manager, no download). chromedriver sometimes ignores the first SIGTERM: it is killed until it is gone. The
 * browser's console is kept: closing fails the test class when any page broke its Content-Security-Policy (an inline
 * script or a foreign resource the page's CSP refused), so a page that works only without the policy cannot pass.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = System.getProperty("thunderline.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("thunderline.chromedriver", "/usr/bin/chromedriver");

    private final Process driverProcess;
    private final Path profile;
    final RemoteWebDriver driver;

    Browser(Path logDir) {
        try {
            Files.createDirectories(logDir);
            profile = Files.createTempDirectory("thunderline-chromium-");
            int port = Ports.free();
            driverProcess = new ProcessBuilder(CHROMEDRIVER, "--port=" + port, "--allowed-ips=127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("chromedriver.log").toFile()).start();
            Ports.awaitListening("chromedriver", port, Duration.ofSeconds(30), null);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1440,1100", "--user-data-dir=" + profile);
            LoggingPreferences console = new LoggingPreferences();
            console.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", console);
            driver = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start chromedriver " + CHROMEDRIVER, e);
        }
    }

    static boolean available() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    WebDriver web() {
        return driver;
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console lines of the pages so far that report a Content-Security-Policy violation (read once). */
    List<String> cspViolations() {
        List<String> found = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                found.add(entry.getMessage());
            }
        }
        return found;
    }

    @Override
    public void close() {
        List<String> violations = new ArrayList<>();
        try {
            violations.addAll(cspViolations());
        } catch (RuntimeException e) {
            violations.add("the browser's console could not be read: " + e);
        }
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // the process is killed below anyway
        }
        ProcessHandle handle = driverProcess.toHandle();
        for (int attempt = 0; attempt < 5 && handle.isAlive(); attempt++) {
            handle.descendants().forEach(ProcessHandle::destroy);
            handle.destroy();
            try {
                driverProcess.waitFor(attempt < 2 ? 3 : 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (attempt >= 2) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("the pages broke their Content-Security-Policy:\n" + String.join("\n", violations));
        }
    }
}
