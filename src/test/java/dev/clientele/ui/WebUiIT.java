package dev.clientele.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.testing.HeldJob;
import dev.clientele.json.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End-to-end tests of the web UI: a real server in-process, seeded over its HTTP API, driven through headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}; Selenium Manager is never asked to download).
 * Each test saves screenshots into {@code target/screenshots/}.
 */
class WebUiIT {
    private static final Path SHOTS = Browser.SHOTS;

    @TempDir
    Path tmp;
    private TestServer server;
    private WebDriver driver;
    private WebDriverWait wait;

    /** Set by a test that starts without a key. */
    private boolean signedOut;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(tmp.resolve("data"));
        Browser browser = new Browser(tmp);
        driver = browser.driver;
        wait = browser.wait;
    }

    @AfterEach
    void stop(TestInfo info) {
        try {
            if (driver != null) {
                // Errors in the page (uncaught exceptions, failed module loads) fail the test.
                List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::getMessage)
                        .filter(m -> !m.contains("favicon") && !m.contains("the server responded with a status of 4"))
                        .toList();
                driver.quit();
                assertThat(severe).as("browser console errors in " + info.getDisplayName()).isEmpty();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void customer_card_shows_fields_and_purchases_and_reports_api_validation_errors() throws Exception {
        signedOut = true;
        String id = server.createCustomer("""
                {"first_name":"Greta","last_name":"Lindqvist","emails":["greta@example.se"],
                 "phones":["+46 8 123 456"],"address":{"street":"Storgatan 1","city":"Uppsala","country":"SE"},
                 "industry":"Retail","tags":["vip","newsletter"],"consent":{"given":true,"date":"2024-02-01"},
                 "birthday":"1980-05-31",
                 "purchases":[{"date":"2024-03-05","product":"Tent","amount":249.90,"currency":"EUR"},
                              {"date":"2024-06-11","product":"Stove","amount":89.00,"currency":"EUR"},
                              {"date":"2025-01-20","product":"Boots","amount":159.00,"currency":"EUR"}]}""");
        open("#/customer/" + id);
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-title")));
        assertThat(title.getText()).isEqualTo("Greta Lindqvist");
        assertThat(driver.getTitle()).as("the tab is named after her").isEqualTo("Greta Lindqvist — Clientele");
        // Her address and number to write or call at once, above the fields that edit them.
        assertThat(driver.findElement(By.cssSelector("#reach a[href='mailto:greta@example.se']")).getText())
                .isEqualTo("greta@example.se");
        assertThat(driver.findElement(By.cssSelector("#reach a[href='tel:+468123456']")).getText())
                .isEqualTo("+46 8 123 456");
        assertThat(driver.findElement(By.id("f-address-city")).getAttribute("value")).isEqualTo("Uppsala");
        assertThat(driver.findElements(By.cssSelector("svg.chart rect.bar"))).hasSize(3);
        assertThat(driver.findElement(By.cssSelector("svg.chart")).getAttribute("aria-label"))
                .startsWith("Spend per month from Mar 2024 to Jan 2025, total ");
        assertThat(driver.findElement(By.cssSelector(".purchases tbody")).getText()).contains("Boots", "Tent");
        // Dates as the browser's language writes them (en-US here), not as the API sends them.
        assertThat(text(".purchases tbody")).contains("1/20/2025", "3/5/2024").doesNotContain("2025-01-20");
        assertThat(text(".badges")).contains("Consent given", "Lifetime spend €497.90");
        assertThat(text(".purchases tbody")).contains("€249.90");
        assertThat(text("#history")).contains("No earlier versions");
        assertThat(text(".meta")).contains(id);
        screenshot("customer-card");
        assertAccessible("customer card");

        // Without a key, the card says up front that changes need one; a change is refused (keyless reads only)
        // and the card says how to sign in.
        assertThat(text(".key-note")).contains("needs an editor key");
        driver.findElement(By.id("f-position")).sendKeys("Owner");
        // "Skip to content" moves the focus to the page without leaving it: the unsaved edit stays.
        WebElement skip = driver.findElement(By.cssSelector("a.skip"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", skip);
        skip.sendKeys(Keys.ENTER);
        wait.until(d -> "main".equals(((JavascriptExecutor) d).executeScript("return document.activeElement.id")));
        assertThat(driver.getCurrentUrl()).endsWith("#/customer/" + id);
        assertThat(driver.findElement(By.id("f-position")).getAttribute("value")).isEqualTo("Owner");
        assertThat(((JavascriptExecutor) driver).executeScript("return getComputedStyle(document.activeElement).outlineStyle"))
                .as("focus ring around the whole page").isEqualTo("none");
        driver.findElement(By.cssSelector(".card-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card-form"), "sign in"));
        assertThat(json(server.get("/api/customers/" + id)).path("version").asLong()).isEqualTo(1);

        // A wrong key is refused when signing in, not kept to fail every later request.
        click("#signin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys("ck_0000wrong_key_00000000000");
        click("#signin-save");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "unknown or revoked"));
        assertThat(text("#signin")).isEqualTo("Sign in");
        assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('clientele.apiKey')")).isNull();
        click("#signin");
        // A key revoked meanwhile: the suggestions say they failed instead of looking empty.
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', 'ck_0000revoked_000000000')");
        driver.findElement(By.id("q")).sendKeys("Greta");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("suggestions"), "Suggestions failed"));
        driver.findElement(By.id("q")).sendKeys(Keys.ESCAPE, Keys.ESCAPE);
        ((JavascriptExecutor) driver).executeScript("sessionStorage.removeItem('clientele.apiKey')");
        signInThroughTheForm();
        assertThat(driver.findElements(By.cssSelector(".key-note"))).isEmpty();
        open("#/customer/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-title")));

        // A bad e-mail: the API's validation message appears next to the field.
        WebElement emails = driver.findElement(By.id("f-emails"));
        emails.clear();
        emails.sendKeys("greta-at-example");
        driver.findElement(By.cssSelector(".card-form button[type=submit]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-emails-err")));
        assertThat(error.getText()).contains("not an email address");
        assertThat(emails.getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("customer-card-validation");
        assertThat(json(server.get("/api/customers/" + id)).path("emails").get(0).asText())
                .isEqualTo("greta@example.se");

        // A good value saves; the card reloads with the new version.
        emails = driver.findElement(By.id("f-emails"));
        emails.clear();
        emails.sendKeys("greta.lindqvist@example.se");
        driver.findElement(By.cssSelector(".card-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".card-form .saved"), "Saved"));
        JsonNode saved = json(server.get("/api/customers/" + id));
        assertThat(saved.path("emails").get(0).asText()).isEqualTo("greta.lindqvist@example.se");
        assertThat(saved.path("version").asLong()).isEqualTo(2);
        assertThat(driver.findElement(By.id("f-emails")).getAttribute("value")).isEqualTo("greta.lindqvist@example.se");
        assertThat(driver.findElements(By.cssSelector("[aria-invalid=true]"))).isEmpty();

        // An external id another customer holds: said next to the field (not "someone else changed this customer").
        server.createCustomer("{\"first_name\":\"Other\",\"last_name\":\"Holder\",\"external_id\":\"crm-4711\"}");
        driver.findElement(By.id("f-external_id")).sendKeys("crm-4711");
        driver.findElement(By.cssSelector(".card-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("f-external_id-err"), "already used"));
        assertThat(text(".card-form")).doesNotContain("Someone else changed");
        driver.findElement(By.id("f-external_id")).clear();

        // Signed in, the card's export links send the key (where reads need one, a plain link gets a 401).
        ((JavascriptExecutor) driver).executeScript("window.__fetched = []; const f = window.fetch;"
                + " window.fetch = (u, i) => { window.__fetched.push(String(u) + ' '"
                + " + ((i && i.headers && i.headers.Authorization) || '')); return f(u, i); };");
        click("a[data-format=vcf]");
        wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript("return window.__fetched.join('\\n')"))
                .contains("/export?format=vcf Bearer " + dev.clientele.testing.TestKeys.ADMIN));

        // The earlier version is in the history and can be restored.
        open("#/customer/" + id);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "Version 1"));
        assertThat(text("#history")).contains("emails");
        WebElement card = driver.findElement(By.id("card-title"));
        ((JavascriptExecutor) driver).executeScript("window.__samePage = true");
        click("#history button[aria-label='Restore version 1']");
        wait.until(d -> server.get("/api/customers/" + id).body().contains("\"version\":3"));
        assertThat(json(server.get("/api/customers/" + id)).path("emails").get(0).asText())
                .isEqualTo("greta@example.se");
        wait.until(ExpectedConditions.stalenessOf(card)); // the card is read again, and says what happened
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card-form .saved"),
                "Version 1 restored"));
        assertThat(driver.findElement(By.id("f-emails")).getAttribute("value")).isEqualTo("greta@example.se");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__samePage")).as("not reloaded")
                .isEqualTo(true);

        // A birthday typed only in part (the month cleared) reads as an empty value in the browser: saving refuses
        // it next to the field instead of clearing the stored date.
        WebElement birthday = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-birthday")));
        assertThat(birthday.getAttribute("value")).isEqualTo("1980-05-31");
        ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", birthday);
        birthday.sendKeys(Keys.BACK_SPACE);
        assertThat(((JavascriptExecutor) driver).executeScript("return arguments[0].validity.badInput", birthday))
                .isEqualTo(true);
        driver.findElement(By.cssSelector(".card-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("f-birthday-err"), "Incomplete date"));
        assertThat(birthday.getAttribute("aria-invalid")).isEqualTo("true");
        JsonNode kept = json(server.get("/api/customers/" + id));
        assertThat(kept.path("birthday").asText()).isEqualTo("1980-05-31");
        assertThat(kept.path("version").asLong()).isEqualTo(3);

        // Delete from the card (after a confirmation); the deleted customer's card offers its history back.
        click("#delete-btn");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deleted-note"), "was deleted"));
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(text("#card-title")).isEqualTo("Greta Lindqvist");
        screenshot("customer-card-deleted");
        open("#/customer/" + id);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "Version 3"));
        click("#history button[aria-label='Restore version 3']");
        wait.until(d -> server.get("/api/customers/" + id).statusCode() == 200);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-emails")));
        assertThat(json(server.get("/api/customers/" + id)).path("birthday").asText()).isEqualTo("1980-05-31");

        // Signed in with a key that may only read: what it may not do is not offered, and the page says why.
        String readerKey = json(server.postJson("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"viewer\"}"))
                .path("key").asText();
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])", readerKey);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin"), "read only"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-emails")));
        assertThat(text(".key-note")).contains("may only read");
        assertThat(driver.findElement(By.id("delete-btn")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector(".card-form button[type=submit]")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("a[data-format=csv]")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("erase-btn")).isDisplayed()).isFalse(); // GDPR needs an admin key
        assertThat(driver.findElement(By.id("f-emails")).getDomProperty("readOnly")).isEqualTo("true");
        assertThat(driver.findElement(By.id("f-kind")).isEnabled()).isFalse();

        // The person asks to be forgotten: an admin erases the record from its card (after a confirmation).
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])",
                dev.clientele.testing.TestKeys.ADMIN);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-btn")));
        assertThat(driver.findElement(By.id("subject-access")).getAttribute("href")).endsWith("/subject-access");
        click("#erase-btn");
        // The confirmation looks for her other records first: there are none.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("erase-no-related"), "No other record"));
        assertThat(text("#erase-confirm-btn")).isEqualTo("Erase this record permanently");
        click("#erase-confirm-btn");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("erased-note"), "Greta Lindqvist was erased"));
        assertThat(server.get("/api/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(404);
        screenshot("customer-card-erased");
    }

    @Test
    void erasing_from_the_card_lists_the_persons_other_records_ticks_the_likely_ones_and_erases_the_ticked()
            throws Exception {
        String id = server.createCustomer("""
                {"first_name":"Margit","last_name":"Eraserné","emails":["margit.e@example.hu"],
                 "phones":["+36 1 555 7788"],"address":{"city":"Győr","country":"HU"}}""");
        // Another name under her e-mail address (ticked), the same name with nothing else (a possible duplicate:
        // left for the admin to judge), and someone else.
        String sameEmail = server.createCustomer("""
                {"first_name":"Béla","last_name":"Osztály","emails":["MARGIT.E@example.hu"]}""");
        String possible = server.createCustomer("""
                {"first_name":"Margit","last_name":"Eraserne"}""");
        String bystander = server.createCustomer("""
                {"first_name":"Keep","last_name":"Bystander","address":{"city":"Győr","country":"HU"}}""");
        open("#/customer/" + id);
        click("#erase-btn");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-related")));
        WebElement ticked = driver.findElement(By.id("erase-also-" + sameEmail));
        WebElement unticked = driver.findElement(By.id("erase-also-" + possible));
        assertThat(ticked.isSelected()).isTrue();
        assertThat(unticked.isSelected()).isFalse();
        assertThat(driver.findElements(By.id("erase-also-" + bystander))).isEmpty();
        assertThat(text("#erase-related")).contains("Béla Osztály — same e-mail",
                "Margit Eraserne — possible duplicate (score ");
        assertThat(driver.findElement(By.cssSelector("#erase-related a[href='#/customer/" + sameEmail + "']"))
                .getText()).isEqualTo("Béla Osztály");
        assertThat(text("#erase-confirm-btn")).isEqualTo("Erase these 2 records permanently");
        screenshot("customer-card-erase-related");
        assertAccessible("erase confirmation");
        // Cancel erases nothing.
        click("#erase-confirm .actions button.secondary");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("erase-confirm")));
        assertThat(server.get("/api/customers/" + sameEmail).statusCode()).isEqualTo(200);

        click("#erase-btn");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-related")));
        click("#erase-confirm-btn");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("erased-note"),
                "Margit Eraserné was erased"));
        assertThat(text("#erased-note")).contains("with 1 other record of the person");
        assertThat(server.get("/api/customers/" + id + "/history").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + sameEmail + "/history").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/customers/" + possible).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/customers/" + bystander).statusCode()).isEqualTo(200);
    }

    @Test
    void erasing_leaves_records_sharing_only_a_firms_info_address_or_switchboard_unticked_and_says_why()
            throws Exception {
        String id = server.createCustomer("""
                {"first_name":"Irén","last_name":"Sárközi","emails":["info@acme-kft.hu","iren.s@acme-kft.hu"],
                 "phones":["+36 1 555 0000"]}""");
        String colleague = server.createCustomer("""
                {"first_name":"Gábor","last_name":"Varga","emails":["info@acme-kft.hu"]}""");
        String herself = server.createCustomer("""
                {"first_name":"Tünde","last_name":"Oláh","emails":["IREN.S@acme-kft.hu"]}""");
        List<String> switchboard = new java.util.ArrayList<>();
        for (String name : List.of("Ákos", "Bence", "Csaba")) {
            switchboard.add(server.createCustomer(
                    "{\"first_name\":\"" + name + "\",\"last_name\":\"Kiss\",\"phones\":[\"06 1 555 0000\"]}"));
        }
        server.app().store().index().refresh();
        open("#/customer/" + id);
        click("#erase-btn");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("erase-related")));
        assertThat(driver.findElement(By.id("erase-also-" + herself)).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("erase-also-" + colleague)).isSelected()).isFalse();
        for (String s : switchboard) {
            assertThat(driver.findElement(By.id("erase-also-" + s)).isSelected()).as(s).isFalse();
        }
        assertThat(text("#erase-related")).contains(
                "Gábor Varga — same e-mail; not ticked: a firm's address like info@, shared by 2 records",
                "Ákos Kiss — same phone; not ticked: shared by 4 records");
        assertThat(text("#erase-related")).containsPattern("Tünde Oláh — same e-mail(?!;)");
        assertThat(text("#erase-confirm-btn")).isEqualTo("Erase these 2 records permanently");
        screenshot("customer-card-erase-shared-contacts");

        // A record's card opens in a new tab (as the legend says), signed in as this one, and the confirmation stays
        // as it was here.
        assertThat(text("#erase-related legend")).contains("A name opens its card in a new tab.");
        String here = driver.getWindowHandle();
        click("#erase-related a[href='#/customer/" + colleague + "']");
        wait.until(d -> d.getWindowHandles().size() == 2);
        driver.switchTo().window(driver.getWindowHandles().stream().filter(w -> !w.equals(here)).findFirst()
                .orElseThrow());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("card-title"), "Gábor Varga"));
        assertThat(js("return sessionStorage.getItem('clientele.apiKey')"))
                .isEqualTo(dev.clientele.testing.TestKeys.ADMIN);
        driver.close();
        driver.switchTo().window(here);
        assertThat(driver.findElement(By.id("erase-confirm")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("erase-also-" + herself)).isSelected()).isTrue();
    }

    @Test
    void duplicate_review_scans_shows_differences_merges_with_a_field_choice_and_undoes() throws Exception {
        String rob = server.createCustomer("""
                {"first_name":"Rob","last_name":"Halvorsen","emails":["rob.halvorsen@example.com"],
                 "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Shipping"}""");
        String robert = server.createCustomer("""
                {"first_name":"Robert","last_name":"Halvorsen","emails":["ROB.HALVORSEN@example.com"],
                 "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Logistics",
                 "marketing_opt_out":{"value":true,"date":"2025-06-01"}}""");
        open("#/duplicates");
        // The scan runs from the UI and the queue fills in.
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Scan for duplicates']")))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".scan-text"), "done"));
        WebElement item = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".q-item")));
        assertThat(item.getText()).contains("Rob Halvorsen", "Robert Halvorsen");

        // Side by side: differing fields are marked, agreeing ones are not; each compared field is explained.
        WebElement first = row("first_name");
        assertThat(first.getAttribute("class")).contains("diff");
        assertThat(first.findElement(By.cssSelector("td.why")).getText()).contains("nickname");
        assertThat(row("industry").getAttribute("class")).contains("diff");
        assertThat(row("phones").getAttribute("class")).contains("same");
        assertThat(row("emails").findElement(By.cssSelector("td.why")).getText()).contains("exact");
        assertThat(row("marketing_opt_out").getText()).as("as the browser writes dates").contains("opted out (6/1/2025)");
        screenshot("duplicates");
        assertAccessible("duplicates");

        // The opt-out is not a choice: the stricter one is kept whichever record survives.
        assertThat(row("marketing_opt_out").findElements(By.cssSelector("input"))).isEmpty();
        assertThat(row("marketing_opt_out").getText()).containsIgnoringCase("the stricter is kept");

        // Keep the older record (A, Rob) but take B's first name, by clicking; merge with the keyboard.
        row("first_name").findElement(By.cssSelector("input[value=b]")).click();
        driver.findElement(By.tagName("body")).sendKeys("m");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merged into"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pair"), "Nothing to review"));
        JsonNode merged = json(server.get("/api/customers/" + rob));
        assertThat(merged.path("first_name").asText()).isEqualTo("Robert");
        assertThat(merged.path("marketing_opt_out").path("value").asBoolean()).isTrue();
        assertThat(server.get("/api/customers/" + robert).statusCode()).isEqualTo(410); // merged into rob
        screenshot("duplicates-merged");

        // Undo brings both records back exactly and the pair back into the queue.
        driver.findElement(By.id("undo-btn")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merge undone"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".q-item")));
        assertThat(json(server.get("/api/customers/" + rob)).path("first_name").asText()).isEqualTo("Rob");
        assertThat(server.get("/api/customers/" + robert).statusCode()).isEqualTo(200);

        // A card open while its record is merged away (by a colleague): saving says where the record went.
        open("#/customer/" + robert);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position"))).sendKeys("Skipper");
        String pairId = json(server.get("/api/duplicates")).path("groups").get(0).path("pairs").get(0)
                .path("pair_id").asText();
        JsonNode merge = json(server.postJson("/api/duplicates/" + pairId + "/merge",
                "{\"survivor\":\"" + rob + "\"}"));
        click(".card-form button[type=submit]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("form-error"), "was merged into"));
        assertThat(driver.findElement(By.cssSelector("#form-error a")).getAttribute("href")).endsWith("#/customer/" + rob);
        assertThat(server.postJson("/api/merges/" + merge.path("merge_id").asText() + "/undo", "").statusCode())
                .isEqualTo(200);
        open("#/duplicates");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".q-item")));

        // A merge can be undone later too, from the merged pairs (the page no longer remembers it).
        driver.findElement(By.tagName("body")).sendKeys("m");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merged into"));
        open("#/duplicates");
        new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("dup-status")))).selectByValue("merged");
        click("#undo-pair-btn");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merge undone"));
        assertThat(server.get("/api/customers/" + robert).statusCode()).isEqualTo(200);
        new Select(driver.findElement(By.id("dup-status"))).selectByValue("pending");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".q-item")));

        // Dismiss with the keyboard: the queue empties.
        driver.findElement(By.tagName("body")).sendKeys("d");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pair"), "Nothing to review"));
    }

    @Test
    void duplicate_review_shows_a_group_of_three_side_by_side_and_reviews_one_pair_of_it_at_a_time()
            throws Exception {
        // Three records of one person: every two of them are linked, so the queue shows one group of three.
        List<String> ids = List.of(
                server.createCustomer("""
                        {"first_name":"Rob","last_name":"Halvorsen","emails":["rob.halvorsen@example.com"],
                         "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Shipping"}"""),
                server.createCustomer("""
                        {"first_name":"Robert","last_name":"Halvorsen","emails":["rob.halvorsen@example.com"],
                         "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Logistics"}"""),
                server.createCustomer("""
                        {"first_name":"Robert","last_name":"Halvorsen","emails":["robert.h@example.com"],
                         "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Shipping",
                         "position":"Captain"}"""));
        scanForDuplicates();
        JsonNode group = json(server.get("/api/duplicates")).path("groups").get(0);
        assertThat(group.path("customers")).hasSize(3);
        int pairs = group.path("pairs").size();
        assertThat(pairs).isGreaterThanOrEqualTo(2);
        open("#/duplicates");

        // All three records side by side; a row is marked where they do not all agree.
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.group-table")));
        assertThat(table.findElements(By.cssSelector("thead th"))).hasSize(4);
        assertThat(groupRow("industry").getAttribute("class")).contains("diff");
        assertThat(groupRow("position").getAttribute("class")).contains("diff");
        assertThat(groupRow("phones").getAttribute("class")).contains("same");
        assertThat(groupRow("last_name").getAttribute("class")).contains("same");
        assertThat(text(".q-item")).contains("3 records");

        // Each pair of the group can be picked; the pair's own explanation is shown for it.
        List<WebElement> items = driver.findElements(By.cssSelector("button.pair-item"));
        assertThat(items).hasSize(pairs);
        String second = items.get(1).getAttribute("data-pair");
        items.get(1).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("button.pair-item[data-pair='" + second + "']"),
                "aria-pressed", "true"));
        assertThat(text("#pair-h")).startsWith("Pair 2 of " + pairs);
        assertThat(row("phones").findElement(By.cssSelector("td.why")).getText()).contains("exact");
        screenshot("duplicates-group");
        assertAccessible("duplicate group");

        // Merge that pair with the keyboard: only its two records are merged (one of them goes), the third stays.
        new Actions(driver).sendKeys("m").perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merged into"));
        assertThat(ids.stream().filter(id -> server.get("/api/customers/" + id).statusCode() == 200)).hasSize(2);
        assertThat(json(server.get("/api/duplicates?status=merged")).toString()).contains(second);

        // Undo: all three are back and so is the group of three.
        driver.findElement(By.id("undo-btn")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Merge undone"));
        assertThat(ids.stream().filter(id -> server.get("/api/customers/" + id).statusCode() == 200)).hasSize(3);
        wait.until(d -> d.findElements(By.cssSelector("table.group-table thead th")).size() == 4);

        // Dismiss one pair of the group (the next one, reached with n): that pair leaves the queue, the rest stays.
        new Actions(driver).sendKeys("n").perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pair-h"), "Pair 2 of"));
        String dismissed = driver.findElement(By.cssSelector("button.pair-item[aria-pressed=true]"))
                .getAttribute("data-pair");
        new Actions(driver).sendKeys("d").perform();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Dismissed"));
        assertThat(json(server.get("/api/duplicates?status=dismissed")).toString()).contains(dismissed);
        wait.until(d -> d.findElements(By.cssSelector("[data-pair='" + dismissed + "']")).isEmpty());
        assertThat(json(server.get("/api/duplicates")).toString()).doesNotContain(dismissed);

        // The phone-width view of a group: stacked, without sideways scrolling of the page.
        driver.manage().window().setSize(new Dimension(375, 812));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> ((Long) ((JavascriptExecutor) d)
                .executeScript("return window.innerWidth;")) <= 400);
        if (pairs > 2) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.group-table")));
        }
        assertNoHorizontalScroll("duplicate group");
        screenshot("duplicates-group-phone");
    }

    private WebElement groupRow(String field) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table.group-table tr[data-field='" + field + "']")));
    }

    @Test
    void import_shows_mapping_and_dry_run_then_progress_and_the_bad_row() throws Exception {
        Path csv = tmp.resolve("customers.csv");
        Files.writeString(csv, """
                Vorname,Nachname,E-Mail,Stadt,Land,Lieblingsfarbe
                Hanna,Becker,hanna.becker@example.de,Köln,DE,blau
                Jonas,Wagner,not-an-email,Bremen,ZZ,rot
                Mila,Schulz,mila.schulz@example.de,Kiel,DE,grün
                """);
        open("#/import");
        // The view is rendered by script after the page has loaded; on a busy machine that can come later.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
                .sendKeys(csv.toAbsolutePath().toString());

        // Dry run: the detected mapping, a preview, and the row that would be rejected; nothing stored yet.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run")));
        assertThat(new Select(driver.findElement(By.cssSelector("select[data-column='Vorname']")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("first_name");
        assertThat(new Select(driver.findElement(By.cssSelector("select[data-column='E-Mail']")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("emails");
        // A column no field fits is shown as ignored, and checking again or importing with it so works.
        assertThat(new Select(driver.findElement(By.cssSelector("select[data-column='Lieblingsfarbe']")))
                .getFirstSelectedOption().getAttribute("value")).isEmpty();
        // The file is sent once: the server keeps it for the second check and the import. Deleted from the disk
        // now, a browser that sent it again could not read it.
        Files.delete(csv);
        WebElement firstCheck = driver.findElement(By.id("dry-run"));
        click("#dry-run .two button.secondary");
        wait.until(ExpectedConditions.stalenessOf(firstCheck));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run")));
        assertThat(text(".summary")).contains("3 rows", "2 would be imported", "1 rejected");
        assertThat(text(".preview")).contains("Hanna Becker", "Köln");
        assertThat(text("#dry-run .errors")).contains("3").contains("not an email address");
        // The heading counts rejected rows (one), not their problems (two).
        assertThat(text("#dry-run .row-errors h3")).isEqualTo("Rows that would be rejected (1)");
        screenshot("import-dry-run");
        assertAccessible("import dry run");
        assertThat(json(server.get("/api/customers")).path("customers")).isEmpty();

        // The real run: progress, then the outcome with the bad row's number.
        driver.findElement(By.id("import-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Done"));
        assertThat(text("#import-status")).contains("2 imported", "1 rejected", "3 rows");
        WebElement errorRow = driver.findElement(By.cssSelector("#import-result .errors tbody tr"));
        assertThat(errorRow.findElement(By.cssSelector("td.num")).getText()).isEqualTo("3");
        assertThat(errorRow.getText()).contains("not an email address");
        assertThat(driver.findElement(By.id("import-progress")).getAttribute("value")).isEqualTo("1");
        screenshot("import");
        server.app().store().index().refresh();
        assertThat(json(server.get("/api/customers")).path("customers")).hasSize(2);

        // A vCard names its fields itself: no empty mapping table with a "check again" button to puzzle over.
        Path vcf = tmp.resolve("card.vcf");
        Files.writeString(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nagy;Éva;;;\r\nFN:Éva Nagy\r\n"
                + "EMAIL:eva.nagy@example.hu\r\nEND:VCARD\r\n");
        click("#import-result button.secondary");
        driver.findElement(By.id("import-file")).sendKeys(vcf.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run")));
        assertThat(text("#no-mapping")).contains("None needed");
        assertThat(driver.findElements(By.id("mapping"))).isEmpty();
        assertThat(text(".preview")).contains("Éva Nagy");
    }

    @Test
    void an_import_waiting_for_another_says_so_and_can_be_cancelled() throws Exception {
        try (HeldJob ahead = new HeldJob(server.app().jobs(), "import")) { // an import ahead, as a long one is
            Path csv = tmp.resolve("queued.csv");
            Files.writeString(csv, "first_name,last_name\nQuentin,Queue\n");
            open("#/import");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
                    .sendKeys(csv.toAbsolutePath().toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-run"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Waiting for the "
                    + "import before it"));
            click("#import-cancel");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Cancelled"));
            assertThat(text("#import-status")).contains("nothing was stored");
        }
        server.app().store().index().refresh();
        assertThat(json(server.get("/api/search?q=quentin")).path("total").asInt()).isZero();
    }

    @Test
    void a_save_refused_because_someone_saved_first_keeps_what_was_typed_on_top_of_their_version() throws Exception {
        String id = server.createCustomer("""
                {"first_name":"Hugo","last_name":"Brandt","position":"Clerk","industry":"Retail"}""");
        open("#/customer/" + id);
        WebElement position = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position")));
        position.clear();
        position.sendKeys("Manager");
        WebElement industry = driver.findElement(By.id("f-industry"));
        industry.clear();
        industry.sendKeys("Wholesale");
        // A colleague saves first: another field, and one this user changed too.
        HttpResponse<String> theirs = server.send(server.request("/api/customers/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"industry\":\"Logistics\",\"notes\":\"called\"}")));
        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(200);

        click(".card-form button[type=submit]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("keep-mine"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card-form .saved"),
                "Their version is loaded"));
        assertThat(driver.findElement(By.id("f-position")).getAttribute("value")).isEqualTo("Manager");
        assertThat(driver.findElement(By.id("f-industry")).getAttribute("value")).isEqualTo("Wholesale");
        assertThat(text("#f-industry-err")).contains("Logistics");
        assertThat(driver.findElement(By.id("f-notes")).getAttribute("value")).isEqualTo("called");
        assertThat(driver.findElement(By.id("f-position-err")).getText()).isEmpty(); // only theirs-too is marked

        click(".card-form button[type=submit]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card-form .saved"), "Saved"));
        JsonNode stored = json(server.get("/api/customers/" + id));
        assertThat(stored.path("position").asText()).isEqualTo("Manager");
        assertThat(stored.path("industry").asText()).isEqualTo("Wholesale");
        assertThat(stored.path("notes").asText()).isEqualTo("called");
    }

    @Test
    void pages_are_usable_at_phone_width() throws Exception {
        // One long word each (a German company name, a department's e-mail address): they wrap, not the page.
        String id = server.createCustomer("""
                {"first_name":"Pia","last_name":"Narrow","emails":["pia.narrow@example.org"],"phones":["+49 30 1234567"],
                 "company":"Donaudampfschifffahrtsgesellschaftskapitänswitwenversicherung GmbH",
                 "purchases":[{"date":"2025-04-01","amount":12.5}]}""");
        server.createCustomer("""
                {"first_name":"Pia","last_name":"Narow","emails":["pia.narrow@example.org",
                 "einkauf.zentrale.beschaffungsabteilung@tochtergesellschaft.example-holding-gruppe.de"],
                 "phones":["+49 30 1234567"]}""");
        scanForDuplicates();
        driver.manage().window().setSize(new Dimension(375, 812));
        open("#/customer/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-title")));
        assertNoHorizontalScroll("customer card");
        screenshot("customer-card-phone");
        server.app().store().index().refresh();
        open("#/search?q=pia");
        wait.until(d -> d.findElements(By.cssSelector(".result")).size() == 2);
        assertNoHorizontalScroll("search results");
        open("#/duplicates");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.compare")));
        assertNoHorizontalScroll("duplicates");
        screenshot("duplicates-phone");
        open("#/import");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-file")));
        assertNoHorizontalScroll("import");
        // The start page's customers changed last, and the administration's keys and audit log: wide tables.
        open("#/search");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".recent-table tbody tr")));
        assertNoHorizontalScroll("start");
        open("#/admin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-table tbody tr")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#key-table tbody tr")));
        assertNoHorizontalScroll("administration");
        screenshot("admin-phone");

        // Lists: the filters come before the (endlessly loading) list, folded behind a "Filters" button.
        open("#/lists");
        waitForListOf(2);
        WebElement toggle = driver.findElement(By.id("filters-toggle"));
        WebElement table = driver.findElement(By.cssSelector("table.list"));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(driver.findElement(By.id("facets")).isDisplayed()).isFalse();
        assertThat(toggle.getLocation().getY()).isLessThan(table.getLocation().getY());
        toggle.click();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        WebElement facet = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("fieldset.facet")));
        assertThat(facet.getLocation().getY()).isLessThan(table.getLocation().getY());
        assertNoHorizontalScroll("lists");
        screenshot("lists-phone");
    }

    @Test
    void two_people_of_one_name_at_one_firm_are_told_apart_in_the_results_by_their_phone() throws Exception {
        // Before, a result showed the company, e-mail, city and country: without e-mails the two rows read alike.
        server.createCustomer("""
                {"first_name":"Rob","last_name":"Smith","company":"Müller GmbH","phones":["+49 30 1234567"],
                 "address":{"city":"Berlin","country":"DE"}}""");
        server.createCustomer("""
                {"first_name":"Rob","last_name":"Smith","company":"Müller GmbH","phones":["+49 170 7654321"],
                 "address":{"city":"Berlin","country":"DE"}}""");
        server.app().store().index().refresh();
        open("#/search?q=Rob%20Smith");
        wait.until(d -> d.findElements(By.cssSelector(".results li.result")).size() == 2);
        List<String> metas = driver.findElements(By.cssSelector(".results .r-meta")).stream()
                .map(WebElement::getText).toList();
        assertThat(metas).containsExactlyInAnyOrder("Müller GmbH · +49 30 1234567 · Berlin · DE",
                "Müller GmbH · +49 170 7654321 · Berlin · DE");
    }

    @Test
    void a_street_typed_into_the_box_suggests_its_residents_with_the_street_shown() throws Exception {
        // Before, suggestions knew names and companies only: a street typed found no suggestion (only the fuzzy
        // fallback's search hits, without the street).
        String resident = server.createCustomer("{\"first_name\":\"Zsófia\",\"last_name\":\"Lengyel\","
                + "\"address\":{\"street\":\"Rákóczi út 42.\",\"city\":\"Eger\",\"country\":\"HU\"}}");
        server.app().store().index().refresh();
        open("#/search");
        WebElement q = driver.findElement(By.id("q"));
        q.sendKeys("Rákóczi út 42");
        wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        WebElement first = driver.findElements(By.cssSelector("#suggestions [role=option]")).get(0);
        assertThat(first.getAttribute("data-id")).isEqualTo(resident);
        assertThat(first.findElement(By.cssSelector(".s-meta")).getText()).isEqualTo("Rákóczi út 42. · Eger");
        assertThat(driver.findElement(By.id("suggestions")).getAttribute("data-fuzzy")).isEqualTo("false");
    }

    @Test
    void typing_a_misspelled_name_suggests_and_opens_the_right_card() throws Exception {
        // 1. seed the right customer and namesakes, 2. type a misspelling into the header search box,
        // 3. the suggestion listbox opens (combobox aria-expanded=true), ArrowDown makes an option active,
        // 4. Enter opens #/customer/{id} of the right one; 5. Enter without a suggestion shows highlighted results.
        String right = server.createCustomer("{\"first_name\":\"Katarzyna\",\"last_name\":\"Wiśniewska\",\"address\":{\"city\":\"Kraków\",\"country\":\"PL\"}}");
        server.createCustomer("{\"first_name\":\"Katharina\",\"last_name\":\"Weber\",\"address\":{\"city\":\"Köln\",\"country\":\"DE\"}}");
        server.createCustomer("{\"first_name\":\"Karl\",\"last_name\":\"Wisniewski\",\"address\":{\"city\":\"Gdańsk\",\"country\":\"PL\"}}");
        server.app().store().index().refresh();
        open("#/search");
        WebElement q = driver.findElement(By.id("q"));
        q.sendKeys("katarzina wisniewska");
        wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        List<WebElement> options = driver.findElements(By.cssSelector("#suggestions [role=option]"));
        assertThat(options.get(0).getAttribute("data-id")).isEqualTo(right);
        screenshot("search-suggestions");
        q.sendKeys(Keys.ARROW_DOWN);
        assertThat(q.getAttribute("aria-activedescendant")).isEqualTo(options.get(0).getAttribute("id"));
        q.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Katarzyna Wiśniewska"));
        assertThat(driver.getCurrentUrl()).endsWith("#/customer/" + right);

        // A keystroke after arrowing onto a suggestion: Enter searches for the new text, and suggestions still on
        // their way (the pause in typing, the request) do not open over the results afterwards.
        q = driver.findElement(By.id("q"));
        q.clear();
        q.sendKeys("wisniewsk");
        wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        q.sendKeys(Keys.ARROW_DOWN);
        assertThat(q.getAttribute("aria-activedescendant")).isNotBlank();
        q.sendKeys("i", Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("#/search?q=wisniewski"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".result mark")));
        Thread.sleep(800);
        assertThat(driver.findElement(By.id("suggestions")).isDisplayed()).as("suggestions after Enter").isFalse();

        // Esc closes the list; Enter without an active option runs the full search with highlights.
        q = driver.findElement(By.id("q"));
        q.clear();
        q.sendKeys("wisniewska");
        wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        q.sendKeys(Keys.ESCAPE);
        assertThat(q.getAttribute("aria-expanded")).isEqualTo("false");
        q.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".result mark")));
        assertThat(text(".results")).contains("Wiśniewska");
        // Enter on the same query runs it again (the hash does not change).
        WebElement results = driver.findElement(By.cssSelector(".results"));
        driver.findElement(By.id("q")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.stalenessOf(results));
        screenshot("search");
        assertAccessible("search results");
    }

    @Test
    void an_empty_search_box_shows_the_count_the_duplicates_waiting_and_the_customers_changed_last() throws Exception {
        String first = server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Szabó\","
                + "\"emails\":[\"ilona.szabo@example.hu\"],\"address\":{\"city\":\"Szeged\",\"country\":\"HU\"}}");
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Szabo\","
                + "\"emails\":[\"ILONA.SZABO@example.hu\"],\"address\":{\"city\":\"Szeged\",\"country\":\"HU\"}}");
        server.createCustomer("{\"first_name\":\"Jörg\",\"last_name\":\"Brandt\",\"address\":{\"city\":\"Kiel\"}}");
        scanForDuplicates();
        // Changed after the others: the first row of "Recently changed".
        assertThat(server.putJson("/api/customers/" + first, "{\"first_name\":\"Ilona\",\"last_name\":\"Szabó\","
                + "\"emails\":[\"ilona.szabo@example.hu\"],\"address\":{\"city\":\"Szeged\",\"country\":\"HU\"},"
                + "\"tags\":[\"vip\"]}").statusCode()).isEqualTo(200);

        open("#/search");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".overview-summary"),
                "waiting for review"));
        assertThat(text(".overview-summary")).isEqualTo("3 customers · 1 duplicate group waiting for review");
        List<WebElement> rows = driver.findElements(By.cssSelector(".recent-table tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).startsWith("Ilona Szabó Szeged HU");
        screenshot("search-overview");
        assertAccessible("search overview");

        rows.get(0).findElement(By.tagName("a")).click();
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Ilona Szabó"));
        assertThat(driver.getCurrentUrl()).endsWith("#/customer/" + first);
        driver.navigate().back();
        click(".overview-summary a[href='#/duplicates']");
        wait.until(ExpectedConditions.urlContains("#/duplicates"));
    }

    @Test
    void a_caller_nobody_finds_is_added_from_the_search_and_a_duplicate_is_warned_of_before_it_is_created()
            throws Exception {
        String robert = server.createCustomer("{\"first_name\":\"Robert\",\"last_name\":\"Smith\","
                + "\"company\":\"Müller GmbH\",\"phones\":[\"+49 89 1234567\"],\"address\":{\"city\":\"München\","
                + "\"country\":\"DE\"}}");
        server.app().store().index().refresh();

        // 1. Nobody found: the search offers to add the caller, with the name typed already filled in.
        open("#/search?q=" + java.net.URLEncoder.encode("Zsófia Kertész", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main .count"),
                "No customer found for “Zsófia Kertész”"));
        assertThat(text("#search-empty")).contains("Try fewer words");
        click("#add-new a");
        wait.until(ExpectedConditions.urlContains("#/new"));
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-first_name")));
        assertThat(first.getAttribute("value")).isEqualTo("Zsófia");
        assertThat(driver.findElement(By.id("f-last_name")).getAttribute("value")).isEqualTo("Kertész");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-matches")));
        driver.findElement(By.id("f-address-city")).sendKeys("Pécs");
        click("#create-btn");
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Zsófia Kertész"));
        String created = driver.getCurrentUrl().replaceAll(".*#/customer/", "");
        assertThat(json(server.get("/api/customers/" + created)).path("address").path("city").asText())
                .isEqualTo("Pécs");

        // 2. The same person typed again another way: the match shows while typing, and the create warns first.
        open("#/new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-first_name"))).sendKeys("Rob");
        driver.findElement(By.id("f-last_name")).sendKeys("Smith");
        driver.findElement(By.id("f-phones")).sendKeys("089 1234567");
        WebElement match = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".new-matches li[data-id='" + robert + "']")));
        assertThat(match.getText()).contains("Robert Smith", "phones same", "first name nickname");
        screenshot("new-customer-match");
        assertAccessible("new customer");
        // The match opened to look at it, then Back: the form is as it was left (before, it was empty again).
        click(".new-matches li[data-id='" + robert + "'] a");
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Robert Smith"));
        driver.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".new-matches li[data-id='" + robert + "']")));
        assertThat(driver.findElement(By.id("f-first_name")).getAttribute("value")).isEqualTo("Rob");
        assertThat(driver.findElement(By.id("f-phones")).getAttribute("value")).isEqualTo("089 1234567");
        click("#create-btn");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("duplicate-warning")));
        assertThat(text("#create-btn")).isEqualTo("Create anyway");
        // The match is named in the warning, next to the button (on a phone, "Already stored?" is far below).
        assertThat(driver.findElement(By.cssSelector("#duplicate-warning a[href='#/customer/" + robert + "']"))
                .getText()).isEqualTo("Robert Smith");
        assertThat(json(server.get("/api/search?q=smith")).path("total").asInt()).as("nothing created yet").isEqualTo(1);
        click("#create-btn");
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Rob Smith"));
        server.app().store().index().refresh();
        assertThat(json(server.get("/api/search?q=smith")).path("total").asInt()).isEqualTo(2);
        // Back from the customer just created: an empty form, not one that would create Rob Smith again.
        driver.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-first_name")));
        assertThat(driver.findElement(By.id("f-first_name")).getAttribute("value")).isEmpty();
    }

    @Test
    void an_admin_creates_and_revokes_a_key_backs_up_and_verifies_and_reads_the_audit_log() throws Exception {
        open("#/search");
        driver.navigate().refresh(); // the page reads the key's role as it loads
        click("nav a[href='#/admin']"); // the link shows for an admin key
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-name")));

        // A key for the front desk, editing Hungarian and German customers only: its secret is shown once.
        name.sendKeys("Front desk");
        new Select(driver.findElement(By.id("key-role"))).selectByValue("editor");
        driver.findElement(By.id("key-scope-country")).sendKeys("HU, DE");
        click("#create-key");
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).getText();
        assertThat(secret).startsWith("ck_");
        JsonNode created = java.util.stream.StreamSupport.stream(
                        json(server.get("/api/admin/keys")).path("keys").spliterator(), false)
                .filter(k -> k.path("name").asText().equals("Front desk")).findFirst().orElseThrow();
        assertThat(created.path("role").asText()).isEqualTo("editor");
        assertThat(created.path("scope").path("country").toString()).isEqualTo("[\"DE\",\"HU\"]");
        String keyId = created.path("id").asText();
        assertThat(text("#key-table tr[data-key='" + keyId + "']")).contains("country: DE, HU", "active");
        // The key works, within its scope.
        assertThat(dev.clientele.testing.TestHttp.anonymous(server.app().port()).withKey(secret).get("/api/me").statusCode()).isEqualTo(200);
        // The audit log below shows the creation at once (the key is its target), without "Show" pressed again.
        wait.until(d -> auditRowsConcerning(keyId).equals(List.of("POST /api/admin/keys")));
        screenshot("admin-keys");
        assertAccessible("administration");

        // Revoked after a confirmation: the server refuses it from then on.
        click("#key-table tr[data-key='" + keyId + "'] button.revoke");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#key-table tr[data-key='" + keyId + "']"), "revoked"));
        assertThat(dev.clientele.testing.TestHttp.anonymous(server.app().port()).withKey(secret).get("/api/me").statusCode()).isEqualTo(401);
        wait.until(d -> auditRowsConcerning(keyId).equals(List.of("DELETE /api/admin/keys/{id}", "POST /api/admin/keys")));

        // A backup made from the page is listed, and verifying it says it is intact.
        click("#backup-now");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backup-made")));
        assertThat(driver.findElements(By.cssSelector("#backup-table tbody tr"))).hasSize(1);
        assertThat(json(server.get("/api/admin/backups")).path("backups")).hasSize(1);
        click("#backup-table button.verify");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#backup-table td.check"), "intact"));

        // The audit log: what was just done, newest first; the revoked key's refused request on its own.
        click("#audit button[type=submit]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "DELETE /api/admin/keys/{id}"));
        assertThat(text("#audit-table")).contains("POST /api/admin/keys", "POST /api/admin/backups");
        new Select(driver.findElement(By.id("audit-actor"))).selectByValue("unknown");
        click("#audit-refused");
        click("#audit button[type=submit]");
        wait.until(d -> d.findElements(By.cssSelector("#audit-table tbody tr")).size() == 1);
        assertThat(text("#audit-table tbody tr")).contains("GET /api/me", "401");

        // A key that is not an admin's does not get the link.
        String readerKey = json(server.postJson("/api/admin/keys", "{\"role\":\"reader\",\"name\":\"viewer\"}"))
                .path("key").asText();
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])", readerKey);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin"), "read only"));
        assertThat(driver.findElement(By.cssSelector("nav a[href='#/admin']")).isDisplayed()).isFalse();
    }

    @Test
    void a_number_with_an_extension_or_a_bracketed_trunk_zero_is_called_as_rfc_3966_writes_it() throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Jörg\",\"last_name\":\"Bauer\",\"phones\":["
                + "\"+49 30 1234567 ext. 12\",\"+49 30 7654321 x13\",\"+49 89 1234567 Durchwahl 14\","
                + "\"+7 495 123-45-67 доб. 15\",\"+36 1 234 5678\",\"+49 (0)30 1234568\",\"+44 (0) 20 7946 0000\"]}");
        open("#/customer/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reach")));
        assertThat(driver.findElements(By.cssSelector("#reach a[href^='tel:']")).stream()
                .map(a -> a.getText() + " → " + a.getAttribute("href")).toList()).containsExactly(
                "+49 30 1234567 ext. 12 → tel:+49301234567;ext=12", "+49 30 7654321 x13 → tel:+49307654321;ext=13",
                "+49 89 1234567 Durchwahl 14 → tel:+49891234567;ext=14",
                "+7 495 123-45-67 доб. 15 → tel:+74951234567;ext=15", "+36 1 234 5678 → tel:+3612345678",
                "+49 (0)30 1234568 → tel:+49301234568", "+44 (0) 20 7946 0000 → tel:+442079460000");
    }

    /** The actions of the audit log's rows whose last cell ("Concerning") is that target, as shown, newest first. */
    @SuppressWarnings("unchecked")
    private List<String> auditRowsConcerning(String target) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return [...document.querySelectorAll('#audit-table tbody tr')]
                  .filter(r => r.lastElementChild.textContent === arguments[0])
                  .map(r => r.cells[2].textContent);""", target);
    }

    @Test
    void the_list_shows_the_columns_chosen_and_keeps_the_choice() throws Exception {
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Takács\",\"emails\":[\"ilona@example.hu\","
                + "\"it@example.hu\"],\"rep\":\"Anna Kovács\",\"address\":{\"city\":\"Győr\",\"country\":\"HU\"}}");
        server.app().store().index().refresh();
        open("#/lists");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "1 customer"));
        assertThat(headings()).containsExactly("Name", "City", "Country", "Lifetime spend", "Last purchase");

        click("#list-columns summary");
        click("#col-email");
        click("#col-rep");
        click("#col-city");
        assertThat(headings()).containsExactly("Name", "E-mail", "Country", "Sales rep", "Lifetime spend",
                "Last purchase");
        assertThat(text("table.list tbody tr")).contains("ilona@example.hu (+1)", "Anna Kovács").doesNotContain("Győr");

        // Kept in this browser: the next visit shows the same columns.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "1 customer"));
        assertThat(headings()).containsExactly("Name", "E-mail", "Country", "Sales rep", "Lifetime spend",
                "Last purchase");
        assertAccessible("list with chosen columns");

        // The export of the columns shown only: a mailing list of names and e-mails.
        click("#export-shown");
        String href = driver.findElement(By.id("export-csv")).getAttribute("href");
        assertThat(java.net.URLDecoder.decode(href, java.nio.charset.StandardCharsets.UTF_8))
                .contains("columns=id,kind,first_name,last_name,company,emails,country,rep,lifetime_spend,"
                        + "spend_currency,last_purchase_date");
        HttpResponse<String> csv = server.get(href.substring(href.indexOf("/api/")));
        assertThat(csv.body().lines().findFirst().orElseThrow()).contains("first_name,last_name,company,emails,country");
        assertThat(csv.body()).contains("ilona@example.hu; it@example.hu", "Anna Kovács").doesNotContain("Győr");
        assertThat(driver.findElement(By.id("export-vcf")).getAttribute("href")).doesNotContain("columns");
    }

    @Test
    void a_saved_list_keeps_the_columns_shown_and_shows_them_again_when_it_is_opened() throws Exception {
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Takács\",\"emails\":[\"ilona@example.hu\"],"
                + "\"tags\":[\"vip\"],\"address\":{\"city\":\"Győr\",\"country\":\"HU\"}}");
        server.app().store().index().refresh();
        open("#/lists");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "1 customer"));
        click("#list-columns summary");
        click("#col-email");
        click("#col-tags");
        click("#col-spend");
        assertThat(headings()).containsExactly("Name", "E-mail", "City", "Country", "Tags", "Last purchase");
        click("#list-columns summary"); // the menu folded away again
        driver.findElement(By.id("list-name")).sendKeys("Mailing");
        click("form.save button");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        // Saved as the export of the columns shown takes them (the name's columns first).
        JsonNode saved = json(server.get("/api/lists")).path("lists").get(0);
        assertThat(saved.path("columns").toString()).isEqualTo("[\"id\",\"kind\",\"first_name\",\"last_name\","
                + "\"company\",\"emails\",\"city\",\"country\",\"tags\",\"last_purchase_date\"]");

        // Browsing on with other columns, then opening the saved list shows its columns, not this browser's.
        click("#list-columns summary");
        click("#col-email");
        click("#col-tags");
        click("#col-rep");
        click("#list-columns summary");
        assertThat(headings()).containsExactly("Name", "City", "Country", "Sales rep", "Last purchase");
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Mailing")));
        new Select(driver.findElement(By.id("saved-lists"))).selectByVisibleText("Mailing");
        wait.until(d -> headings().contains("E-mail"));
        assertThat(headings()).containsExactly("Name", "E-mail", "City", "Country", "Tags", "Last purchase");
        assertThat(driver.findElement(By.id("col-email")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("col-rep")).isSelected()).isFalse();
        assertThat(text("table.list tbody tr")).contains("ilona@example.hu", "vip");
        // The browser's own choice, for lists not saved, is left as it was.
        assertThat((String) ((JavascriptExecutor) driver).executeScript(
                "return localStorage.getItem('clientele.listColumns')")).contains("rep").doesNotContain("email");

        // "Save changes" saves the columns shown now too.
        click("#list-columns summary");
        click("#col-tags");
        click("#list-columns summary");
        click("#update-list");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"),
                "Saved the changes"));
        assertThat(json(server.get("/api/lists")).path("lists").get(0).path("columns").toString())
                .contains("emails").doesNotContain("tags");
    }

    @Test
    void a_saved_lists_address_opened_again_shows_it_chosen_so_save_changes_goes_on_with_it() throws Exception {
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Takács\",\"address\":{\"country\":\"HU\"}}");
        server.createCustomer("{\"first_name\":\"Jonas\",\"last_name\":\"Wagner\",\"address\":{\"country\":\"DE\"}}");
        server.app().store().index().refresh();
        open("#/lists?country=HU");
        waitForListOf(1);
        driver.findElement(By.id("list-name")).sendKeys("Hungarians");
        click("form.save button");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        String columns = json(server.get("/api/lists")).path("lists").get(0).path("columns").toString();

        // Come back the next day (the page reloaded at the list's address): before, the menu showed "—", "Save
        // changes" was off, and saving under the same name again was refused as a conflict.
        driver.navigate().refresh();
        waitForListOf(1);
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getFirstSelectedOption().getText()
                .equals("Hungarians"));
        assertThat(driver.findElement(By.id("update-list")).isEnabled()).isTrue();
        new Select(driver.findElement(By.id("list-sort"))).selectByValue("name");
        click("#update-list");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"),
                "Saved the changes to “Hungarians”"));
        JsonNode lists = json(server.get("/api/lists")).path("lists");
        assertThat(lists).hasSize(1);
        assertThat(lists.get(0).path("sort").asText()).isEqualTo("name");
        assertThat(lists.get(0).path("columns").toString()).as("its columns, left as they were").isEqualTo(columns);

        // Another list's address is not taken for it.
        open("#/lists?country=DE");
        driver.navigate().refresh();
        waitForListOf(1);
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getOptions().size() == 2);
        assertThat(new Select(driver.findElement(By.id("saved-lists"))).getFirstSelectedOption().getText())
                .isEqualTo("—");
    }

    @Test
    void a_list_just_saved_is_chosen_in_the_menu_and_choosing_it_again_after_a_change_opens_it_as_saved()
            throws Exception {
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Takács\",\"address\":{\"country\":\"HU\"}}");
        server.createCustomer("{\"first_name\":\"Jonas\",\"last_name\":\"Wagner\",\"address\":{\"country\":\"DE\"}}");
        server.app().store().index().refresh();
        open("#/lists?country=HU");
        waitForListOf(1);
        driver.findElement(By.id("list-name")).sendKeys("Hungarians");
        click("form.save button");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        // Before, the menu said "—" until the page was reloaded, and "Save changes" was off.
        wait.until(d -> chosenSavedList().equals("Hungarians"));
        assertThat(driver.findElement(By.id("update-list")).isEnabled()).isTrue();

        // Other columns: the menu says the list is shown changed, and choosing the list again brings its columns
        // back (a menu whose chosen entry is chosen again does nothing, which is why it was left at "—").
        click("#list-columns summary");
        click("#col-rep");
        click("#list-columns summary");
        assertThat(headings()).contains("Sales rep");
        wait.until(d -> chosenSavedList().equals("Hungarians (changed)"));
        new Select(driver.findElement(By.id("saved-lists"))).selectByVisibleText("Hungarians");
        wait.until(d -> !headings().contains("Sales rep"));
        wait.until(d -> chosenSavedList().equals("Hungarians"));

        // Another sort, the same.
        new Select(driver.findElement(By.id("list-sort"))).selectByValue("name");
        wait.until(d -> chosenSavedList().equals("Hungarians (changed)"));
        new Select(driver.findElement(By.id("saved-lists"))).selectByVisibleText("Hungarians");
        wait.until(d -> new Select(d.findElement(By.id("list-sort"))).getFirstSelectedOption().getAttribute("value")
                .equals("relevance"));
        wait.until(d -> chosenSavedList().equals("Hungarians"));
        waitForListOf(1);
        // "Save changes" still goes on with it, and nothing was saved twice.
        click("#update-list");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"),
                "Saved the changes to “Hungarians”"));
        assertThat(json(server.get("/api/lists")).path("lists")).hasSize(1);
    }

    private String chosenSavedList() {
        return new Select(driver.findElement(By.id("saved-lists"))).getFirstSelectedOption().getText();
    }

    @Test
    void saving_a_list_keeps_the_columns_set_through_the_api_that_the_page_does_not_show() throws Exception {
        server.createCustomer("{\"first_name\":\"Ilona\",\"last_name\":\"Takács\",\"emails\":[\"ilona@example.hu\"],"
                + "\"birthday\":\"1980-04-12\",\"address\":{\"city\":\"Győr\",\"country\":\"HU\"}}");
        server.app().store().index().refresh();
        String columns = "[\"last_name\",\"first_name\",\"birthday\",\"emails\",\"notes\"]";
        String id = json(server.postJson("/api/lists", "{\"name\":\"Birthdays\",\"query\":\"country=HU\","
                + "\"columns\":" + columns + "}")).path("id").asText();
        open("#/lists");
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Birthdays")));
        new Select(driver.findElement(By.id("saved-lists"))).selectByVisibleText("Birthdays");
        wait.until(d -> headings().contains("E-mail"));
        // Saved again as it is: its columns are left exactly as they were.
        click("#update-list");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"),
                "Saved the changes"));
        assertThat(json(server.get("/api/lists/" + id)).path("columns").toString()).isEqualTo(columns);
        // A column added here is added; those the page has no column for stay.
        click("#list-columns summary");
        click("#col-rep");
        click("#list-columns summary");
        click("#update-list");
        wait.until(d -> {
            try {
                return json(server.get("/api/lists/" + id)).path("columns").toString().contains("rep");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(json(server.get("/api/lists/" + id)).path("columns").toString())
                .contains("\"birthday\"", "\"notes\"", "\"emails\"", "\"rep\"");
    }

    private List<String> headings() {
        return driver.findElements(By.cssSelector("table.list thead th")).stream().map(WebElement::getText).toList();
    }

    @Test
    void leaving_a_card_with_changes_typed_and_not_saved_asks_first_and_staying_keeps_them() throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Unsaved\",\"last_name\":\"Changes\"}");
        open("#/customer/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position"))).sendKeys("Buyer");
        click("nav a[href='#/lists']");
        org.openqa.selenium.Alert ask = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(ask.getText()).contains("typed into 1 field of this customer is not saved");
        ask.dismiss();
        assertThat(driver.getCurrentUrl()).endsWith("#/customer/" + id);
        assertThat(driver.findElement(By.id("f-position")).getAttribute("value")).isEqualTo("Buyer");
        assertThat(driver.findElements(By.id("edit-list"))).isEmpty();

        // Saved, the card goes without a word.
        click(".card-form button[type=submit]");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".card-form .saved"), "Saved"));
        click("nav a[href='#/lists']");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-list")));

        // Typed again and left after all: the lists page is shown.
        driver.navigate().back();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position"))).sendKeys(", Sales");
        click("nav a[href='#/lists']");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-list")));
        assertThat(json(server.get("/api/customers/" + id)).path("position").asText()).isEqualTo("Buyer");
    }

    @Test
    void closing_or_reloading_a_page_with_changes_typed_and_not_saved_asks_first_until_they_are_saved()
            throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Tab\",\"last_name\":\"Closer\"}");
        open("#/customer/" + id);
        WebElement position = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position")));
        assertThat(unloadStopped()).as("nothing typed yet").isFalse();
        position.sendKeys("Buyer");
        assertThat(unloadStopped()).as("a field typed into and not saved").isTrue();
        // Chrome's own dialog is not seen here: chromedriver accepts a beforeunload prompt itself (WebDriver's
        // rule for them), so the test asks the handler, as the browser does before it shows the dialog.
        click(".card-form button[type=submit]");
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".card-form .saved"), "Saved"));
        assertThat(unloadStopped()).as("saved").isFalse();
        // Typed and taken back by hand: nothing to lose.
        driver.findElement(By.id("f-notes")).sendKeys("x");
        assertThat(unloadStopped()).isTrue();
        driver.findElement(By.id("f-notes")).sendKeys(Keys.BACK_SPACE);
        assertThat(unloadStopped()).isFalse();

        // A new customer: the history entry keeps the form for Back, but a closed tab loses it.
        open("#/new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-first_name"))).sendKeys("Newt");
        assertThat(unloadStopped()).isTrue();
        click("#create-btn");
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Newt"));
        assertThat(unloadStopped()).as("created").isFalse();

        // A list: a change for everyone typed and not applied, a name typed and not saved.
        server.app().store().index().refresh();
        open("#/lists");
        waitForListOf(2);
        click("#edit-list summary");
        driver.findElement(By.id("edit-add-tags")).sendKeys("fair");
        assertThat(unloadStopped()).isTrue();
        driver.findElement(By.id("edit-add-tags")).clear();
        assertThat(unloadStopped()).isFalse();
        driver.findElement(By.id("list-name")).sendKeys("Everyone");
        assertThat(unloadStopped()).isTrue();
        driver.findElement(By.cssSelector("form.save button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        assertThat(unloadStopped()).as("the list saved").isFalse();
    }

    /** Whether the page stops a beforeunload (as closing the tab or reloading sends it): a handler cancelled it. */
    private boolean unloadStopped() {
        return (Boolean) js("const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
                + " return e.defaultPrevented;");
    }

    @Test
    void the_search_box_shows_the_query_of_the_results_on_screen_and_is_empty_on_other_pages() throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Greta\",\"last_name\":\"Boxmann\"}");
        server.app().store().index().refresh();
        open("#/search");
        WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("q")));
        box.sendKeys("Boxmann", Keys.ENTER);
        wait.until(d -> d.findElements(By.cssSelector(".results li.result")).size() == 1);
        assertThat(box.getAttribute("value")).isEqualTo("Boxmann");
        click(".results li.result a");
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Greta Boxmann"));
        assertThat(box.getAttribute("value")).as("on the card").isEmpty();
        driver.navigate().back();
        wait.until(d -> d.findElements(By.cssSelector(".results li.result")).size() == 1);
        assertThat(box.getAttribute("value")).as("back on the results").isEqualTo("Boxmann");
        click("nav a[href='#/lists']");
        waitForListOf(1);
        assertThat(box.getAttribute("value")).as("on the lists").isEmpty();
        // An address with a query (a bookmark, a reload) fills it in.
        open("#/search?q=greta");
        wait.until(d -> d.findElements(By.cssSelector(".results li.result")).size() == 1);
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEqualTo("greta");
        open("#/customer/" + id);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-title")));
        assertThat(driver.findElement(By.id("q")).getAttribute("value")).isEmpty();
    }

    @Test
    void an_import_links_to_the_customers_it_stored_and_a_mapping_row_looks_as_its_menu_says() throws Exception {
        String before = json(server.postJson("/api/customers", "{\"first_name\":\"Stored\",\"last_name\":\"Before\"}"))
                .path("updated_at").asText();
        while (!java.time.Instant.now().isAfter(java.time.Instant.parse(before))) {
            Thread.onSpinWait(); // the import runs in a later millisecond (the clock's, no wait for anything)
        }
        Path csv = tmp.resolve("linked.csv");
        Files.writeString(csv, "Vorname,Nachname,Lieblingsfarbe\nIlse,Linked,blau\nOtto,Linked,rot\n");
        open("#/import");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
                .sendKeys(csv.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run")));
        // A row's look follows its menu (before, it kept the look it was drawn with).
        WebElement colour = driver.findElement(By.cssSelector("select[data-column='Lieblingsfarbe']"));
        WebElement colourRow = colour.findElement(By.xpath("ancestor::tr"));
        assertThat(colourRow.getAttribute("class")).contains("unmapped");
        assertThat(unloadStopped()).as("nothing chosen by hand yet").isFalse();
        new Select(colour).selectByValue("notes");
        assertThat(colourRow.getAttribute("class")).doesNotContain("unmapped");
        assertThat(unloadStopped()).as("a mapping chosen and not imported").isTrue();
        WebElement last = driver.findElement(By.cssSelector("select[data-column='Nachname']"));
        new Select(last).selectByValue("");
        assertThat(last.findElement(By.xpath("ancestor::tr")).getAttribute("class")).contains("unmapped");
        new Select(last).selectByValue("last_name");

        click("#import-run");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Done"));
        assertThat(unloadStopped()).as("imported").isFalse();
        click("#import-stored a");
        waitForListOf(2);
        assertThat(text("table.list tbody")).contains("Ilse Linked", "Otto Linked").doesNotContain("Before");
        assertThat(text(".chips")).contains("Changed from", "Changed until");
        screenshot("import-stored-list");
    }

    @Test
    void lists_and_the_start_page_show_the_name_and_the_phone_at_phone_width_without_scrolling_sideways()
            throws Exception {
        server.createCustomer("""
                {"first_name":"Philippa","last_name":"Schmalbreit-Langenthal",
                 "emails":["philippa.schmalbreit@example.org"],"phones":["+49 30 1234567","+49 170 7654321"],
                 "company":"Schmalbreit Handelsgesellschaft mbH",
                 "industry":"Wholesale","address":{"city":"Berlin","country":"DE"},
                 "purchases":[{"date":"2025-04-01","amount":12.5,"currency":"EUR"}]}""");
        server.app().store().index().refresh();
        open("#/search");
        js("localStorage.setItem('clientele.listColumns', JSON.stringify(['company', 'email', 'phone', 'city', "
                + "'country', 'industry', 'spend', 'last_purchase']))");
        driver.manage().window().setSize(new Dimension(390, 844));
        open("#/lists");
        waitForListOf(1);
        WebElement name = driver.findElement(By.cssSelector("table.list tbody tr td:first-child a"));
        long phoneColumn = (Long) js("return [...document.querySelectorAll('table.list thead th')]"
                + ".findIndex((th) => th.textContent === 'Phone') + 1");
        assertThat(phoneColumn).isPositive();
        WebElement phone = driver.findElement(By.cssSelector("table.list tbody tr td:nth-child(" + phoneColumn + ")"));
        assertThat(phone.getText()).contains("+49 30 1234567");
        assertInView("the name", name);
        assertInView("the first phone", phone);
        assertThat((Long) js("const s = document.querySelector('.table-scroll'); return s.scrollWidth - s.clientWidth"))
                .as("the list scrolls sideways").isLessThanOrEqualTo(0);
        assertNoHorizontalScroll("lists");
        screenshot("lists-phone-columns");
        open("#/search");
        WebElement recent = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".recent-table tbody tr td:first-child a")));
        assertInView("the name on the start page", recent);
        assertThat((Long) js("const t = document.querySelector('.recent-table'); return t.scrollWidth - t.clientWidth"))
                .as("the start page's table scrolls sideways").isLessThanOrEqualTo(0);
    }

    @Test
    void the_administrations_an_imports_and_a_list_changes_tables_read_at_phone_width_without_scrolling_sideways()
            throws Exception {
        // Before, these tables scrolled sideways inside themselves at a phone's width: the key's revoke button, the
        // audit log's action and the preview's e-mail lay past the screen's edge. Now each row is a card.
        server.createCustomer("""
                {"first_name":"Philippa","last_name":"Schmalbreit-Langenthal","tags":["lead"],
                 "emails":["philippa.schmalbreit@example.org"],"address":{"city":"Berlin","country":"DE"}}""");
        server.app().store().index().refresh();
        assertThat(server.postJson("/api/admin/backups", "").statusCode()).isEqualTo(201);
        dev.clientele.testing.TestKeys.create(server.app().port(), "editor", "Front desk, Budapest office");
        driver.manage().window().setSize(new Dimension(390, 844));
        open("#/search");
        driver.navigate().refresh(); // the page reads the key's role as it loads
        open("#/admin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-table tbody tr")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#backup-table tbody tr")));
        assertInView("a key's revoke button", driver.findElement(By.cssSelector("#key-table button.revoke")));
        assertInView("a key's state", driver.findElement(By.cssSelector("#key-table tbody tr td:nth-of-type(5)")));
        assertInView("an audit entry's action", driver.findElement(By.cssSelector("#audit-table tbody td:nth-child(3)")));
        assertInView("a backup's verify button", driver.findElement(By.cssSelector("#backup-table button.verify")));
        // Each cell under its column's name (shown before it, by the stylesheet).
        assertThat(js("return getComputedStyle(document.querySelector('#key-table tbody td[data-label=Role]'),"
                + " '::before').content")).isEqualTo("\"Role: \"");
        for (String table : List.of("#key-table", "#backup-table", "#audit-table")) {
            assertNoSidewaysScroll(table);
        }
        assertNoHorizontalScroll("administration");
        screenshot("admin-tables-phone");

        Path csv = tmp.resolve("customers.csv");
        Files.writeString(csv, """
                Vorname,Nachname,E-Mail,Stadt,Land
                Hanna,Becker-Oberhausen,hanna.becker-oberhausen@beispiel-handelsgesellschaft.de,Mönchengladbach,DE
                Jonas,Wagner,not-an-email,Bremen,DE
                """);
        open("#/import");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
                .sendKeys(csv.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dry-run .errors")));
        assertInView("a column's field menu",
                driver.findElement(By.cssSelector("select[data-column='E-Mail']")));
        assertInView("the preview's e-mail", driver.findElement(By.cssSelector("table.preview tbody td:nth-child(2)")));
        assertInView("the rejected row's problem", driver.findElement(By.cssSelector("table.errors tbody td:nth-child(3)")));
        assertThat(driver.findElement(By.cssSelector("table.preview tbody td[data-label=E-mail]")).getText())
                .startsWith("hanna.becker-oberhausen@");
        for (String table : List.of("#mapping", "table.preview", "table.errors")) {
            assertNoSidewaysScroll(table);
        }
        assertNoHorizontalScroll("import");
        screenshot("import-tables-phone");

        open("#/lists?tags=lead");
        waitForListOf(1);
        click("#edit-list summary");
        driver.findElement(By.id("edit-add-tags")).sendKeys("fair-2026");
        click("#edit-preview");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "Would change 1 of 1"));
        assertInView("the value after the change",
                driver.findElement(By.cssSelector("table.edit-preview tbody td:nth-child(4)")));
        assertNoSidewaysScroll("table.edit-preview");
        assertNoHorizontalScroll("lists");
    }

    /** The element's content is as wide as the element: nothing inside it to scroll sideways to. */
    private void assertNoSidewaysScroll(String css) {
        assertThat((Long) js("const e = document.querySelector(arguments[0]); return e.scrollWidth - e.clientWidth", css))
                .as(css + " scrolls sideways").isLessThanOrEqualTo(0);
    }

    /** The element lies wholly within the window's width, as it is now scrolled. */
    private void assertInView(String what, WebElement e) {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js("const r = arguments[0].getBoundingClientRect();"
                + " return [r.left, r.right, window.innerWidth];", e);
        assertThat(box.get(0).doubleValue()).as(what + " starts left of the window").isGreaterThanOrEqualTo(0);
        assertThat(box.get(1).doubleValue()).as(what + " ends right of the window")
                .isLessThanOrEqualTo(box.get(2).doubleValue());
    }

    @Test
    void the_lifetime_spend_says_which_currencies_it_was_converted_from() throws Exception {
        server.close();
        server = new TestServer(dev.clientele.config.AppConfig.DEFAULTS.withPort(0).withDataDir(tmp.resolve("eur"))
                .withDemoCount(0).withCurrency(new dev.clientele.customer.CurrencyRates("EUR", java.util.Map.of(
                        "HUF", new java.math.BigDecimal("0.0025"), "USD", new java.math.BigDecimal("0.9")))));
        String mixed = server.createCustomer("""
                {"first_name":"Mira","last_name":"Converted",
                 "purchases":[{"date":"2025-01-10","amount":100,"currency":"EUR"},
                              {"date":"2025-02-10","amount":40000,"currency":"HUF"},
                              {"date":"2025-03-10","amount":10,"currency":"USD"},
                              {"date":"2025-04-10","amount":5,"currency":"GBP"}]}""");
        String euros = server.createCustomer("""
                {"first_name":"Emil","last_name":"Euro",
                 "purchases":[{"date":"2025-01-10","amount":100,"currency":"EUR"}]}""");
        open("#/customer/" + mixed);
        WebElement badge = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lifetime-spend")));
        // 100 + 40000 × 0.0025 + 10 × 0.9 = 209 EUR; the pounds have no rate.
        assertThat(badge.getText()).contains("Lifetime spend €209.00", "converted from HUF, USD",
                "not counted, no rate: £5.00");
        assertThat(badge.getAttribute("title")).contains("In EUR, the base currency", "HUF, USD are converted");
        open("#/customer/" + euros);
        badge = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lifetime-spend")));
        assertThat(badge.getText()).isEqualTo("Lifetime spend €100.00");
        assertThat(badge.getAttribute("title")).isEqualTo("In EUR, the base currency.");
    }

    @Test
    void the_review_page_says_how_far_a_rescore_is_and_reads_the_queue_again_once_it_is_done() throws Exception {
        server.createCustomer("{\"first_name\":\"Rita\",\"last_name\":\"Rescore\",\"emails\":[\"rita@example.org\"]}");
        server.createCustomer("{\"first_name\":\"Rita\",\"last_name\":\"Rescore\",\"emails\":[\"rita@example.org\"]}");
        scanForDuplicates();
        open("#/search");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("q")));
        // A rescore runs for as long as a few hundred pairs take: too quick to catch here. The queue's answers are
        // stubbed instead: two with the rescore's progress, then the real one (rescoring null, as when it is done).
        js("window.__rescoring = [{done: 3, total: 10}, {done: 7, total: 10}]; const f = window.fetch;"
                + " window.fetch = async (u, i) => { const r = await f(u, i);"
                + "   if (!/\\/api\\/duplicates\\?/.test(String(u)) || !r.ok) return r;"
                + "   const body = await r.json(); body.rescoring = window.__rescoring.shift() || null;"
                + "   return new Response(JSON.stringify(body), {status: r.status, headers: r.headers}); };");
        js("location.hash = '#/duplicates'");
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rescore-note")));
        assertThat(note.getText()).contains("The matching rules or settings changed", "3 of 10 pairs",
                "Pairs not reached yet show their earlier score");
        assertThat(note.getAttribute("role")).isEqualTo("status");
        screenshot("duplicates-rescoring");
        wait.until(ExpectedConditions.textToBePresentInElement(note, "7 of 10 pairs"));
        wait.until(ExpectedConditions.invisibilityOf(note));
        assertThat((Long) js("return window.__rescoring.length")).isZero();
        assertThat(driver.findElements(By.cssSelector(".q-item"))).isNotEmpty();
    }

    @Test
    void a_card_that_answers_after_the_user_moved_on_does_not_cover_the_next_page() throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Late\",\"last_name\":\"Answer\"}");
        open("#/lists");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-list")));
        // The card's customer arrives 700 ms late (a slow network); the user goes on to the lists meanwhile.
        ((JavascriptExecutor) driver).executeScript("""
                const fetch0 = window.fetch;
                window.fetch = (url, init) => String(url).includes('/api/customers/' + arguments[0])
                  ? new Promise((r) => setTimeout(r, 700)).then(() => fetch0(url, init)) : fetch0(url, init);
                location.hash = '#/customer/' + arguments[0];
                setTimeout(() => { location.hash = '#/lists'; }, 150);
                setTimeout(() => { window.cardCameLate = true; }, 1500);
                """, id);
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.cardCameLate")));
        // Before, the card's late answer was drawn over the lists page.
        assertThat(driver.findElements(By.id("card-title"))).isEmpty();
        assertThat(driver.findElements(By.id("edit-list"))).hasSize(1);
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-view")).isEqualTo("lists");
    }

    @Test
    void a_purchase_is_recorded_and_removed_on_the_card_keeping_details_typed_but_not_saved() throws Exception {
        String id = server.createCustomer("{\"first_name\":\"Anna\",\"last_name\":\"Kovács\","
                + "\"purchases\":[{\"date\":\"2026-01-10\",\"product\":\"Tea\",\"amount\":10.50,\"currency\":\"EUR\"}]}");
        open("#/customer/" + id);
        WebElement position = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-position")));
        position.sendKeys("Buyer"); // typed, not saved
        assertThat(driver.findElement(By.id("p-currency")).getAttribute("value")).isEqualTo("EUR");
        driver.findElement(By.id("p-product")).sendKeys("Teapot");
        driver.findElement(By.id("p-amount")).sendKeys("39,90"); // a decimal comma, as typed in Hungary
        click("#p-add");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lifetime-spend"), "50.40"));
        assertThat(driver.findElements(By.cssSelector("table.purchases tbody tr"))).hasSize(2);
        assertThat(driver.findElement(By.id("f-position")).getAttribute("value")).as("typed, kept").isEqualTo("Buyer");
        JsonNode stored = json(server.get("/api/customers/" + id));
        assertThat(stored.path("purchases").get(1).path("amount").decimalValue()).isEqualByComparingTo("39.90");
        assertThat(stored.path("position").isNull()).as("the details were not saved with it").isTrue();

        // A bad amount is said next to the form, and nothing is sent.
        driver.findElement(By.id("p-amount")).sendKeys("lots");
        click("#p-add");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("purchase-error"), "as a number"));

        // The first purchase removed (newest first in the table: Tea is the second row).
        click("table.purchases tbody tr:nth-child(2) button");
        driver.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lifetime-spend"), "39.90"));
        assertThat(driver.findElements(By.cssSelector("table.purchases tbody tr"))).hasSize(1);
        assertThat(json(server.get("/api/customers/" + id)).path("purchases")).hasSize(1);
        assertThat(driver.findElement(By.id("f-position")).getAttribute("value")).isEqualTo("Buyer");
        screenshot("customer-card-purchase");
    }

    @Test
    void an_older_search_that_fails_late_shows_no_error_over_a_newer_searchs_results() throws Exception {
        server.createCustomer("{\"first_name\":\"Katarzyna\",\"last_name\":\"Nowak\"}");
        server.app().store().index().refresh();
        open("#/search");
        // The first search's request is held, as on a slow connection; it fails only after the second has answered.
        // A held request honours its abort signal, as fetch does.
        js("window.__held = []; const real = window.fetch;"
                + " window.fetch = (u, init) => String(u).includes('q=slowpoke') ? new Promise((ok, fail) => {"
                + "   window.__held.push(() => fail(new TypeError('Failed to fetch')));"
                + "   if (init && init.signal) init.signal.addEventListener('abort',"
                + "     () => fail(new DOMException('aborted', 'AbortError')));"
                + " }) : real(u, init);");
        js("location.hash = '#/search?q=slowpoke'");
        wait.until(d -> ((Long) js("return window.__held.length")) == 1);
        js("location.hash = '#/search?q=Katarzyna'");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".results"), "Nowak"));
        // The late failure, then one more turn of the event loop for whatever it would still do.
        ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " window.__held.forEach((f) => f()); setTimeout(() => setTimeout(done, 0), 0);");
        assertThat(driver.findElements(By.cssSelector("#main .error"))).as("error box of the older search").isEmpty();
        assertThat(text(".results")).contains("Nowak");
        assertThat(text("#main h1")).contains("Katarzyna");
        // A search of its own that fails still says so.
        js("window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))");
        js("location.hash = '#/search?q=Nowak'");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main .error"),
                "server could not be reached"));
    }

    @Test
    void back_from_a_card_returns_to_the_rows_and_place_of_a_long_search_or_list() throws Exception {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 110; i++) {
            ndjson.append("{\"first_name\":\"Paula\",\"last_name\":\"Pager").append(i)
                    .append("\",\"address\":{\"city\":\"Kiel\",\"country\":\"DE\"}}\n");
        }
        HttpResponse<String> bulk = server.send(server.request("/api/customers/_bulk")
                .header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())));
        assertThat(bulk.body()).doesNotContain("\"error\"");
        server.app().store().index().refresh();

        // Search results: three more pages read, then a card from the fourth.
        open("#/search?q=Paula");
        for (int rows = 40; rows <= 80; rows += 20) {
            click("#main button.secondary:not([hidden])");
            int expected = rows;
            wait.until(d -> d.findElements(By.cssSelector(".results li.result")).size() == expected);
        }
        // Before, Back showed the first 20 results at the top of the page.
        openCardAndComeBack(".results li.result", 75, 80);

        // A list read to its end by scrolling: the same (before, Back showed the first 50 rows at the top).
        open("#/lists");
        waitForListOf(110);
        scrollListToItsEnd();
        openCardAndComeBack("table.list tbody tr", 90, 110);
        // A new choice starts the list from its top again, and is a page of its own to come back to.
        new Select(driver.findElement(By.id("list-sort"))).selectByValue("name");
        wait.until(d -> d.findElements(By.cssSelector("table.list tbody tr")).size() == 50);
        scrollListToItsEnd();
        openCardAndComeBack("table.list tbody tr", 70, 110);
        assertThat(driver.getCurrentUrl()).contains("sort=name");
    }

    @Test
    void back_from_a_card_opened_by_keyboard_puts_the_focus_on_its_link_so_tab_goes_on_to_the_next() throws Exception {
        for (String last : List.of("Keyes", "Keyser", "Keymer")) {
            server.createCustomer("{\"first_name\":\"Kai\",\"last_name\":\"" + last + "\"}");
        }
        server.app().store().index().refresh();
        // Before, the focus came back to the top of the page: Tab went to the first result again, not the next.
        open("#/search?q=Kai");
        wait.until(d -> d.findElements(By.cssSelector(".results li.result a")).size() == 3);
        enterAndComeBack(".results li.result a");
        open("#/lists");
        waitForListOf(3);
        enterAndComeBack("table.list tbody td:first-child a");
    }

    /** Opens the second link's card with Enter, goes Back, and checks the focus is on it and Tab reaches the third. */
    private void enterAndComeBack(String linkCss) {
        List<WebElement> links = driver.findElements(By.cssSelector(linkCss));
        String second = links.get(1).getAttribute("href");
        String third = links.get(2).getAttribute("href");
        links.get(1).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("card-title")));
        driver.navigate().back();
        wait.until(d -> second.equals(js("return document.activeElement.href")));
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertThat(js("return document.activeElement.href")).isEqualTo(third);
    }

    /** Scrolls a list of 110 customers to its end (two more pages of 50 and 10). */
    private void scrollListToItsEnd() {
        for (int rows : new int[] {100, 110}) {
            js("document.querySelector('.sentinel').scrollIntoView()");
            wait.until(d -> d.findElements(By.cssSelector("table.list tbody tr")).size() == rows);
        }
    }

    /**
     * Opens the card of the {@code index}th row (scrolled to the middle of the window), goes Back, and checks that
     * the page shows the same {@code rows} rows again, scrolled to the same place.
     */
    private void openCardAndComeBack(String rowCss, int index, int rows) {
        WebElement link = driver.findElements(By.cssSelector(rowCss + " a")).get(index);
        js("arguments[0].scrollIntoView({block: 'center'})", link);
        String name = link.getText();
        long scrolled = (Long) js("return Math.round(window.scrollY)");
        assertThat(scrolled).isPositive();
        link.click();
        wait.until(ExpectedConditions.textToBe(By.id("card-title"), name));
        driver.navigate().back();
        wait.until(d -> d.findElements(By.cssSelector(rowCss)).size() == rows);
        wait.until(d -> (Long) js("return Math.round(window.scrollY)") == scrolled);
        assertThat(driver.findElements(By.cssSelector(rowCss + " a")).get(index).getText()).isEqualTo(name);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void builds_a_faceted_list_and_exports_it() throws Exception {
        // 1. seed customers in two countries/regions with spend, 2. open #/lists, 3. tick country DE in the region
        // facet, drill into DE and tick Bayern, 4. tick a spend bucket, 5. see chips, count and spend sum,
        // 6. remove a chip, 7. export: the CSV link carries the filters and downloads only the matching rows,
        // 8. save the list under a name and find it in the saved-lists menu.
        server.createCustomer("{\"first_name\":\"Alois\",\"last_name\":\"Huber\",\"address\":{\"city\":\"München\",\"region\":\"Bayern\",\"country\":\"DE\"},\"purchases\":[{\"date\":\"2025-01-01\",\"amount\":1200,\"currency\":\"EUR\"}]}");
        server.createCustomer("{\"first_name\":\"Resi\",\"last_name\":\"Maier\",\"address\":{\"city\":\"Augsburg\",\"region\":\"Bayern\",\"country\":\"DE\"},\"purchases\":[{\"date\":\"2025-02-01\",\"amount\":80,\"currency\":\"EUR\"}]}");
        server.createCustomer("{\"first_name\":\"Jens\",\"last_name\":\"Petersen\",\"address\":{\"city\":\"Kiel\",\"region\":\"Schleswig-Holstein\",\"country\":\"DE\"}}");
        server.createCustomer("{\"first_name\":\"Eva\",\"last_name\":\"Gruber\",\"address\":{\"city\":\"Wien\",\"region\":\"Wien\",\"country\":\"AT\"}}");
        // One Bavarian opted out of marketing: in the list, but left out of its export unless asked for.
        server.createCustomer("{\"first_name\":\"Sepp\",\"last_name\":\"Bauer\",\"address\":{\"city\":\"Passau\",\"region\":\"Bayern\",\"country\":\"DE\"},\"marketing_opt_out\":{\"value\":true,\"date\":\"2025-01-01\"}}");
        server.app().store().index().refresh();
        open("#/lists");
        waitForListOf(5);
        click("input[data-param=country][data-value=DE]");
        waitForListOf(4);
        click("button.drill[aria-label='Show regions in DE']");
        click("input[data-param=region][data-value=Bayern]");
        waitForListOf(3);
        assertThat(text("#list-summary")).contains("€1,280.00");
        assertThat(text("table.list tbody")).contains("€1,200.00", "€80.00", "1/1/2025", "2/1/2025");
        assertThat(driver.findElements(By.cssSelector(".chip"))).hasSize(2);
        screenshot("lists");
        assertAccessible("lists");
        String href = driver.findElement(By.id("export-csv")).getAttribute("href");
        assertThat(href).contains("country=DE", "region=Bayern", "format=csv", "sort=relevance"); // in the order on screen
        HttpResponse<String> csv = server.get(href.substring(href.indexOf("/api/")));
        assertThat(csv.body().lines().count()).isEqualTo(3); // header + 2 rows
        assertThat(csv.body()).contains("Huber", "Maier").doesNotContain("Petersen").doesNotContain("Bauer");
        // The three on screen are two in the file: the page says why, and takes the third along when asked.
        assertThat(text("#opted-out-export")).contains("Include the 1 who opted out");
        click("#export-opted-out");
        href = driver.findElement(By.id("export-csv")).getAttribute("href");
        assertThat(href).contains("include_opted_out=true");
        csv = server.get(href.substring(href.indexOf("/api/")));
        assertThat(csv.body().lines().count()).isEqualTo(4);
        assertThat(csv.body()).contains("Bauer");
        // The same list as vCards, for an address book.
        String vcfHref = driver.findElement(By.id("export-vcf")).getAttribute("href");
        assertThat(vcfHref).contains("country=DE", "format=vcf", "include_opted_out=true");
        HttpResponse<String> vcf = server.get(vcfHref.substring(vcfHref.indexOf("/api/")));
        assertThat(vcf.body().split("BEGIN:VCARD", -1)).hasSize(4);
        assertThat(vcf.body()).contains("Huber", "Maier", "Bauer").doesNotContain("Petersen");
        // And as an Excel workbook: the same three rows.
        String xlsxHref = driver.findElement(By.id("export-xlsx")).getAttribute("href");
        assertThat(xlsxHref).contains("country=DE", "format=xlsx", "include_opted_out=true");
        HttpResponse<byte[]> xlsx = java.net.http.HttpClient.newHttpClient().send(server.request(
                xlsxHref.substring(xlsxHref.indexOf("/api/"))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(3);
        }
        driver.findElement(By.id("list-name")).sendKeys("Bavaria");
        click("form.save button");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Bavaria")));
        click(".chip button[aria-label='Remove filter Region Bayern']");
        waitForListOf(4);
        // Each choice is a step in the browser's history: Back undoes the chip's removal, Forward redoes it.
        driver.navigate().back();
        waitForListOf(3);
        assertThat(text(".chips")).contains("Region: Bayern");
        driver.navigate().forward();
        waitForListOf(4);
        assertThat(driver.getCurrentUrl()).contains("country=DE").doesNotContain("region=");

        // The server out of reach, or a proxy's error page: said in words, not "Failed to fetch" or the page's HTML.
        ((JavascriptExecutor) driver).executeScript("window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))");
        click(".chip button[aria-label='Remove filter Country DE']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "server could not be reached"));
        ((JavascriptExecutor) driver).executeScript("window.fetch = async () => new Response("
                + "'<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',"
                + " {status: 502, statusText: 'Bad Gateway', headers: {'Content-Type': 'text/html'}})");
        new Select(driver.findElement(By.id("list-sort"))).selectByValue("name");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "HTTP 502"));
        assertThat(text("#list-summary")).contains("try again").doesNotContain("<").doesNotContain("nginx");
    }

    @Test
    void a_key_with_a_scope_is_not_offered_a_duplicate_scan_or_a_file_import() {
        String scoped = dev.clientele.testing.TestKeys.create(server.app().port(),
                "{\"role\":\"editor\",\"name\":\"anna\",\"scope\":{\"country\":[\"HU\"]}}");
        open("#/duplicates");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])",
                scoped);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".scope-note")));
        assertThat(text(".scope-note")).contains("Scanning for duplicates is not open to keys with a scope");
        assertThat(driver.findElements(By.xpath("//button[normalize-space()='Scan for duplicates']")))
                .isNotEmpty().noneMatch(WebElement::isDisplayed); // the server would refuse it (403)

        driver.get("http://127.0.0.1:" + server.app().port() + "/#/import"); // still with the scoped key
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".scope-note"),
                "Importing a file is not open"));
        assertThat(driver.findElement(By.id("import-file")).isDisplayed()).isFalse();
    }

    @Test
    void changes_everyone_in_a_list_after_a_preview() throws Exception {
        // Three Bavarians and one Viennese; the Bavarians get a tag and a rep, after a preview that writes nothing.
        for (String[] c : new String[][] {{"Alois", "Huber", "DE"}, {"Resi", "Maier", "DE"}, {"Sepp", "Bauer", "DE"},
                {"Eva", "Gruber", "AT"}}) {
            server.createCustomer("{\"first_name\":\"" + c[0] + "\",\"last_name\":\"" + c[1] + "\",\"tags\":[\"lead\"],"
                    + "\"address\":{\"country\":\"" + c[2] + "\"}}");
        }
        server.app().store().index().refresh();
        // Signed in with an editor key: an edit job is read and undone only by the key that started it (or an admin,
        // who would pass any such check), so the page must follow and undo its own job with its own key.
        String editorKey = dev.clientele.testing.TestKeys.create(server.app().port(), "editor", "ui-editor");
        open("#/lists?country=DE");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])",
                editorKey);
        driver.navigate().refresh();
        waitForListOf(3);
        click("#edit-list summary");
        driver.findElement(By.id("edit-add-tags")).sendKeys("fair-2026");
        driver.findElement(By.id("edit-remove-tags")).sendKeys("LEAD");
        new Select(driver.findElement(By.id("edit-field"))).selectByValue("rep");
        driver.findElement(By.id("edit-value")).sendKeys("Anna Kovács");
        click("#edit-preview");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "Would change 3 of 3"));
        assertThat(text("#edit-result table")).contains("Huber", "lead", "fair-2026", "Anna Kovács")
                .doesNotContain("Gruber");
        assertThat(server.get("/api/search?limit=0&tags=fair-2026&facet=kind").body()).contains("\"total\":0");
        screenshot("list-edit-preview");
        assertAccessible("list edit");

        click("#edit-apply");
        wait.until(ExpectedConditions.alertIsPresent()).accept(); // "Change all 3 customers in this list?"
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "Changed 3 customers"));
        JsonNode tagged = json(server.get("/api/search?limit=10&tags=fair-2026&facet=kind"));
        assertThat(tagged.path("total").asInt()).isEqualTo(3);
        tagged.path("customers").forEach(c -> {
            assertThat(c.path("rep").asText()).isEqualTo("Anna Kovács");
            assertThat(c.path("tags").toString()).doesNotContain("lead");
        });
        assertThat(json(server.get("/api/search?limit=0&tags=lead&facet=kind")).path("total").asInt()).isEqualTo(1);

        // Taken back: the tag and rep go, "lead" returns.
        click("#edit-undo");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"),
                "Took back the change on 3 customers"));
        assertThat(json(server.get("/api/search?limit=0&tags=lead&facet=kind")).path("total").asInt()).isEqualTo(4);
        assertThat(json(server.get("/api/search?limit=0&tags=fair-2026&facet=kind")).path("total").asInt()).isZero();
        waitForListOf(3);

        // Someone adds a Bavarian after the count on screen: the change is refused, nothing written, and said why.
        server.createCustomer("{\"first_name\":\"Vroni\",\"last_name\":\"Huber\",\"address\":{\"country\":\"DE\"}}");
        server.app().store().index().refresh();
        driver.findElement(By.id("edit-add-tags")).clear();
        driver.findElement(By.id("edit-add-tags")).sendKeys("second-wave");
        click("#edit-apply");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("edit-result"), "4 customers now"));
        assertThat(json(server.get("/api/search?limit=0&tags=second-wave&facet=kind")).path("total").asInt()).isZero();
    }

    @Test
    void a_long_list_pages_past_the_first_fifty_rows_and_filters_by_region_and_purchase_window() throws Exception {
        // 63 customers: 48 in Germany without purchases, 15 in 12 Russian regions (Кемеровская область 3 times, so
        // it comes first, Ярославская область twice), 3 of them bought in the last days.
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 48; i++) {
            ndjson.append("{\"first_name\":\"Karl\",\"last_name\":\"Muster").append(i)
                    .append("\",\"address\":{\"city\":\"Kiel\",\"country\":\"DE\"}}\n");
        }
        List<String> regions = List.of("Кемеровская область", "Кемеровская область", "Кемеровская область",
                "Ярославская область", "Ярославская область",
                "Омская область", "Томская область", "Тверская область", "Курская область", "Орловская область",
                "Псковская область", "Рязанская область", "Тульская область", "Пермский край", "Ивановская область");
        String recent = java.time.LocalDate.now().minusDays(3).toString();
        for (int i = 0; i < regions.size(); i++) {
            String purchase = i < 3 ? "\"purchases\":[{\"date\":\"" + recent + "\",\"amount\":40,\"currency\":\"RUB\"}],"
                    : "\"purchases\":[{\"date\":\"2020-01-10\",\"amount\":10,\"currency\":\"RUB\"}],";
            ndjson.append("{\"first_name\":\"Иван\",\"last_name\":\"Петров").append(i).append("\",").append(purchase)
                    .append("\"address\":{\"city\":\"Город\",\"region\":\"").append(regions.get(i))
                    .append("\",\"country\":\"RU\"}}\n");
        }
        HttpResponse<String> bulk = server.send(server.request("/api/customers/_bulk")
                .header("Content-Type", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())));
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.body()).doesNotContain("\"error\"");
        server.app().store().index().refresh();

        // No filter at all: the second page comes (in list mode, whose cursor the first page handed out).
        open("#/lists");
        waitForListOf(63);
        // Only the first 50 rows are known here: the sum claims no currency.
        assertThat(text("#list-summary")).contains("currencies not converted").doesNotContain("RUB");
        wait.until(d -> d.findElements(By.cssSelector("table.list tbody tr")).size() == 50);
        ((JavascriptExecutor) driver).executeScript("document.querySelector('.sentinel').scrollIntoView()");
        wait.until(d -> d.findElements(By.cssSelector("table.list tbody tr")).size() == 63);
        assertThat(driver.findElements(By.cssSelector(".list-main .error"))).isEmpty();
        assertThat(driver.findElement(By.id("filters-toggle")).isDisplayed()).as("filter toggle on a wide screen").isFalse();

        // Region names that differ only outside ASCII: clicking one label ticks that one, not its namesake.
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        click("button.drill[aria-label='Show regions in RU']");
        // A region level longer than ten values can be shown whole (and drilled into from there).
        WebElement showAll = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//fieldset[@data-dim='region']//button[text()='Show all 12']")));
        assertThat(driver.findElements(By.cssSelector("input[data-param=region]"))).hasSize(10);
        showAll.click();
        wait.until(d -> d.findElements(By.cssSelector("input[data-param=region]")).size() == 12);
        assertThat(driver.findElements(By.cssSelector("button.drill[aria-label='Show regions in Ивановская область']")))
                .hasSize(1);
        String yaroslavl = "input[data-param=region][data-value='Ярославская область']";
        WebElement label = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "label[for='" + wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(yaroslavl)))
                        .getAttribute("id") + "']")));
        label.click();
        waitForListOf(2);
        assertThat(text(".chips")).contains("Region: Ярославская область").doesNotContain("Кемеровская");
        assertThat(driver.findElement(By.cssSelector(yaroslavl)).isSelected()).isTrue();
        // "Clear all" also leaves the drill-down: the region facet is back at the countries.
        click(".chips button.link");
        waitForListOf(63);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("fieldset[data-dim=region]"), "Countries"));

        // A purchase window alone means "bought in that period".
        new Select(driver.findElement(By.id("spent-within"))).selectByVisibleText("last 30 days");
        waitForListOf(3);
        assertThat(text(".chips")).contains("Bought within: last 30 days");
        assertThat(driver.findElements(By.cssSelector("table.list tbody tr"))).hasSize(3);
        assertThat(driver.findElement(By.id("export-csv")).getAttribute("href")).contains("purchases_min=1");
        // Saved and reopened it is the same list, and removing its window gives back the whole list (not a request
        // for a period, from a "purchases at least 1" the page had added for the window).
        driver.findElement(By.id("list-name")).sendKeys("Recent buyers");
        click("form.save button");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"), "Saved"));
        open("#/lists");
        waitForListOf(63);
        wait.until(d -> new Select(d.findElement(By.id("saved-lists"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Recent buyers")));
        new Select(driver.findElement(By.id("saved-lists"))).selectByVisibleText("Recent buyers");
        waitForListOf(3);
        assertThat(text(".chips")).contains("Bought within: last 30 days").doesNotContain("Purchases in window");
        click(".chip button[aria-label='Remove filter Bought within 30d']");
        waitForListOf(63);
        // "Save changes" writes the filters now on screen into the selected list, under its name.
        click("#update-list");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.save .saved"),
                "Saved the changes"));
        JsonNode changed = null;
        for (JsonNode l : json(server.get("/api/lists")).path("lists")) {
            if (l.path("name").asText().equals("Recent buyers")) {
                changed = l;
            }
        }
        assertThat(changed).isNotNull();
        assertThat(changed.path("query").asText()).doesNotContain("spent_within");
        assertThat(changed.path("updated_at").asText()).isNotBlank();
        // A saved list is deleted from the same menu (after a confirmation); the customers stay.
        click("#delete-list");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        // The menu is refilled while it is read (after the change above, and after the delete): options go stale.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> new Select(
                d.findElement(By.id("saved-lists"))).getOptions().stream()
                .noneMatch(o -> o.getText().equals("Recent buyers")));
        assertThat(json(server.get("/api/lists")).path("lists").findValuesAsText("name")).doesNotContain("Recent buyers");
        assertThat(driver.findElement(By.id("delete-list")).isEnabled()).isFalse();
        waitForListOf(63);

        // A spending minimum without a period: asked for the period, nothing of the old list left on screen.
        new Select(driver.findElement(By.id("spent-within"))).selectByVisibleText("any time");
        waitForListOf(63);
        driver.findElement(By.id("spent-min")).sendKeys("100", Keys.TAB);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "Choose a period"));
        assertThat(driver.findElements(By.cssSelector("table.list tbody tr"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("fieldset.facet"))).isEmpty();
        assertThat(driver.findElement(By.id("export-csv")).isDisplayed()).isFalse();
        screenshot("lists-needs-period");
        // A list nobody is in says so (not just bare column headings).
        open("#/lists?country=ZZ");
        waitForListOf(0);
        assertThat(text("#list-empty")).contains("No customer matches all of these filters");
        // An error from the API is shown once.
        open("#/lists?spend_min=abc");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#list-summary .error")));
        assertThat(text("main").split("must be an amount", -1)).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("table.list tbody tr"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Opens a page signed in with the test admin key (set in this tab's storage, as the sign-in form does). */
    private void open(String hash) {
        String url = "http://127.0.0.1:" + server.app().port() + "/" + hash;
        if (!signedOut) {
            driver.get("http://127.0.0.1:" + server.app().port() + "/");
            ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('clientele.apiKey', arguments[0])",
                    dev.clientele.testing.TestKeys.ADMIN);
            // From "/" the page's address differs only in its fragment: the browser does not load it again, it only
            // tells the router, while the start page the first load drew may still be fetching its module and data
            // (without the key). A load of its own draws the page once, with the key, and its role read first.
            driver.get(url);
            driver.navigate().refresh();
        } else {
            driver.get(url);
        }
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
        // The router draws the page after the load (a module fetched, the key's role read first): wait until the page
        // on screen is the one asked for, rather than for one of its elements, which a later draw could replace.
        String view = (hash.replaceFirst("^#", "").isEmpty() ? "/search" : hash.replaceFirst("^#", ""))
                .split("[/?]")[1];
        wait.until(d -> view.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.view")));
    }

    /** Signs in through the header form, as a user would. */
    private void signInThroughTheForm() {
        click("#signin");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.clear();
        key.sendKeys(dev.clientele.testing.TestKeys.ADMIN);
        click("#signin-save");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin"), "Key …"));
        signedOut = false;
    }

    /** Waits until the list's summary starts with that count (not just contains it: "63 customers" has "3 customers"). */
    private void waitForListOf(int customers) {
        wait.until(ExpectedConditions.textMatches(By.id("list-summary"),
                java.util.regex.Pattern.compile("^" + customers + " customers? ")));
    }

    private void assertNoHorizontalScroll(String page) {
        long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal overflow of the " + page + " page at 375px").isLessThanOrEqualTo(0);
    }

    private void scanForDuplicates() throws Exception {
        String job = json(server.postJson("/api/dedup/jobs", "")).path("id").asText();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            try {
                return !json(server.get("/api/dedup/jobs/" + job)).path("state").asText().equals("running");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Every visible control has an accessible name, and nothing breaks the natural focus order. */
    private void assertAccessible(String page) {
        @SuppressWarnings("unchecked")
        List<String> unnamed = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
                  .filter(e => e.getClientRects().length > 0)
                  .filter(e => {
                    if (e.tagName === 'BUTTON' || e.tagName === 'A') return !(e.textContent.trim() || e.getAttribute('aria-label'));
                    return !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
                  })
                  .concat([...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0))
                  .map(e => e.outerHTML.slice(0, 160));""");
        assertThat(unnamed).as("controls without a label (or with a positive tabindex) on " + page).isEmpty();
    }

    private WebElement row(String field) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table.compare:not(.group-table) tr[data-field='" + field + "']")));
    }

    private String text(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    private void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }


    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** Saves a screenshot of the whole page (the window is stretched to the page's height meanwhile). */
    private void screenshot(String name) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Dimension before = driver.manage().window().getSize();
        long page = (Long) js.executeScript("return document.documentElement.scrollHeight;");
        long view = (Long) js.executeScript("return window.innerHeight;");
        if (page > view) {
            int height = (int) Math.min(before.getHeight() + page - view, 4000);
            driver.manage().window().setSize(new Dimension(before.getWidth(), height));
            wait.until(d -> (Long) js.executeScript("return window.innerHeight;") >= Math.min(page, 4000 - 200));
        }
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        if (page > view) {
            driver.manage().window().setSize(before);
        }
    }
}
