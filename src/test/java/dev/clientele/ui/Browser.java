package dev.clientele.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the browser tests (Selenium Manager is never asked to download a browser or
 * driver), with the helpers the tests share: JavaScript, whole-page screenshots into {@code target/screenshots/},
 * and the page's console errors.
 */
final class Browser implements AutoCloseable {
    static final Path SHOTS = Paths.get("target", "screenshots");
    private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    final WebDriver driver;
    final WebDriverWait wait;

    Browser(Path profileParent) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        System.setProperty("SE_AVOID_STATS", "true");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-extensions", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory(profileParent, "chrome"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.SEVERE);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: its last argument is the callback that ends it with a value. */
    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Page errors (uncaught exceptions, failed module loads), leaving out expected 4xx answers. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon") && !m.contains("the server responded with a status of 4"))
                .toList();
    }

    /** Saves a screenshot of the whole page (the window is stretched to the page's height meanwhile). */
    void screenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long page = (Long) js("return document.documentElement.scrollHeight;");
        long view = (Long) js("return window.innerHeight;");
        if (page > view) {
            int height = (int) Math.min(before.getHeight() + page - view, 4000);
            driver.manage().window().setSize(new Dimension(before.getWidth(), height));
            wait.until(d -> (Long) js("return window.innerHeight;") >= Math.min(page, 4000 - 200));
        }
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        if (page > view) {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
