package dev.clientele.ui;

import static dev.clientele.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clientele.TestServer;
import dev.clientele.json.Json;
import dev.clientele.testing.TestKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Accessibility of every screen, checked in headless Chromium with checks written here (no third-party checker):
 * every form control has a label, images have text alternatives, the landmarks are there, counts and progress are
 * announced, text has WCAG AA contrast (computed from the rendered colours), focus is visible, the search box is
 * a proper combobox, the search → card flow works with the keyboard alone, and the review shortcuts keep quiet
 * while someone types.
 */
class AccessibilityIT {
    @TempDir
    Path tmp;
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(tmp.resolve("data"));
        browser = new Browser(tmp);
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                List<String> errors = browser.consoleErrors();
                browser.close();
                assertThat(errors).as("browser console errors").isEmpty();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void every_screen_has_labels_alt_texts_landmarks_live_regions_contrast_and_visible_focus() throws Exception {
        String id = seed();
        Path csv = tmp.resolve("people.csv");
        Files.writeString(csv, "Vorname,Nachname,E-Mail\nHanna,Becker,hanna@example.de\nJonas,Wagner,nope\n");

        open("#/search");
        checkScreen("search (empty)", "#main p.count");
        open("#/search?q=halvorsen");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".result mark")));
        checkScreen("search results", "#main p.count");
        open("#/customer/" + id);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "No earlier"));
        checkScreen("customer card", null);
        open("#/new?q=rob.halvorsen@example.com");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".new-matches li")));
        checkScreen("new customer with a match", "#new-duplicates");
        open("#/lists");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-summary"), "customers"));
        checkScreen("lists", "#list-summary");
        open("#/duplicates");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.group-table")));
        checkScreen("duplicate review", "#queue-count");
        assertThat(liveRegion(".scan-text")).as("scan progress is announced").isTrue();
        open("#/import");
        // The screen renders after the route changes: looked up at once, the input was missing under load.
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
                .sendKeys(csv.toAbsolutePath().toString());
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dry-run")));
        checkScreen("import dry run", null);
        browser.driver.findElement(By.id("import-run")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-status"), "Done"));
        assertThat(liveRegion("#import-status")).as("import progress is announced").isTrue();
        open("#/admin");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-table tbody tr")));
        checkScreen("administration", null);

        // The suggestion list, open, with an active option (its own colours).
        WebElement q = browser.driver.findElement(By.id("q"));
        q.sendKeys("halv");
        browser.wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        q.sendKeys(Keys.ARROW_DOWN);
        assertThat(contrastFailures()).as("text contrast with the suggestions open").isEmpty();
    }

    @Test
    void the_search_box_is_a_combobox_and_search_to_card_works_with_the_keyboard_alone() throws Exception {
        String id = seed();
        open("#/search");
        browser.driver.navigate().refresh(); // a fresh page: focus starts at the top
        browser.wait.until(d -> browser.js("return document.readyState").equals("complete"));
        WebElement q = browser.driver.findElement(By.id("q"));
        WebElement list = browser.driver.findElement(By.id(q.getAttribute("aria-controls")));
        assertThat(q.getAttribute("role")).isEqualTo("combobox");
        assertThat(q.getAttribute("aria-autocomplete")).isEqualTo("list");
        assertThat(q.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(list.getAttribute("role")).isEqualTo("listbox");
        assertThat(accessibleName(q)).isNotBlank();

        // Keyboard only, from the top of the page: Tab order is skip link, brand, search box.
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertThat(activeElement()).contains("class=\"skip\"");
        new Actions(browser.driver).sendKeys(Keys.TAB, Keys.TAB).perform();
        assertThat(browser.js("return document.activeElement.id")).isEqualTo("q");
        assertThat(focusIndicator()).as("visible focus on the search box").isTrue();
        new Actions(browser.driver).sendKeys("Rober Halvorsen").perform();
        browser.wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        List<WebElement> options = list.findElements(By.cssSelector("[role=option]"));
        assertThat(options).hasSizeGreaterThanOrEqualTo(2);
        for (WebElement o : options) {
            assertThat(o.getAttribute("id")).isNotBlank();
            assertThat(o.getAttribute("aria-selected")).isEqualTo("false");
        }
        assertThat(q.getAttribute("aria-activedescendant")).isNull();
        new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(q.getAttribute("aria-activedescendant")).isEqualTo(options.get(0).getAttribute("id"));
        assertThat(options.get(0).getAttribute("aria-selected")).isEqualTo("true");
        new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(q.getAttribute("aria-activedescendant")).isEqualTo(options.get(1).getAttribute("id"));
        assertThat(options.get(0).getAttribute("aria-selected")).isEqualTo("false");
        new Actions(browser.driver).sendKeys(Keys.ARROW_UP).perform();
        assertThat(q.getAttribute("aria-activedescendant")).isEqualTo(options.get(0).getAttribute("id"));
        // Esc closes the list (the text stays); a second Esc clears the box.
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        assertThat(q.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(q.getAttribute("aria-activedescendant")).isNull();
        assertThat(list.isDisplayed()).isFalse();
        assertThat(q.getAttribute("value")).isEqualTo("Rober Halvorsen");
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        assertThat(q.getAttribute("value")).isEmpty();

        // Type again, pick the right person with the arrows, Enter opens the card; focus moves to the page.
        new Actions(browser.driver).sendKeys("Rob Halv").perform();
        browser.wait.until(ExpectedConditions.attributeToBe(q, "aria-expanded", "true"));
        options = list.findElements(By.cssSelector("[role=option]"));
        int target = -1;
        for (int i = 0; i < options.size(); i++) {
            if (id.equals(options.get(i).getAttribute("data-id"))) {
                target = i;
            }
        }
        assertThat(target).as("the customer is among the suggestions").isNotNegative();
        for (int i = 0; i <= target; i++) {
            new Actions(browser.driver).sendKeys(Keys.ARROW_DOWN).perform();
        }
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.wait.until(ExpectedConditions.textToBe(By.id("card-title"), "Rob Halvorsen"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/customer/" + id);
        assertThat(q.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat((Boolean) browser.js("return document.getElementById('main').contains(document.activeElement)"))
                .as("focus is on the new page").isTrue();
        // The next Tab lands on the card's first link, the address to write to, then on to its phone and the first
        // field, each with a visible focus ring.
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertThat(browser.js("return document.activeElement.getAttribute('href')"))
                .isEqualTo("mailto:rob.halvorsen@example.com");
        assertThat(focusIndicator()).as("visible focus on the card's e-mail link").isTrue();
        new Actions(browser.driver).sendKeys(Keys.TAB, Keys.TAB).perform();
        assertThat(browser.js("return document.activeElement.id")).isEqualTo("f-kind");
        assertThat(focusIndicator()).as("visible focus on a card field").isTrue();
    }

    @Test
    void review_shortcuts_do_not_fire_while_typing_in_a_field() throws Exception {
        seed();
        open("#/duplicates");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.group-table")));
        String before = json(server.get("/api/duplicates")).toString();

        // Typing "m", "d" and "j" into the header search box: text in the box, nothing merged, dismissed or moved.
        WebElement q = browser.driver.findElement(By.id("q"));
        q.click();
        new Actions(browser.driver).sendKeys("mdjn").perform();
        assertThat(q.getAttribute("value")).isEqualTo("mdjn");
        assertThat(browser.driver.findElement(By.id("merge-banner")).getText()).isEmpty();
        assertThat(json(server.get("/api/duplicates")).toString()).isEqualTo(before);

        // The same key outside a field does act: proof that the check above could fail.
        browser.js("document.activeElement.blur()");
        new Actions(browser.driver).sendKeys("d").perform();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("merge-banner"), "Dismissed"));
        assertThat(json(server.get("/api/duplicates?status=dismissed")).path("total").asInt()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A customer with purchases and a group of three duplicates (scanned); answers the first one's id. */
    private String seed() throws Exception {
        String id = server.createCustomer("""
                {"first_name":"Rob","last_name":"Halvorsen","emails":["rob.halvorsen@example.com"],
                 "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Shipping",
                 "consent":{"given":true,"date":"2024-02-01"},
                 "purchases":[{"date":"2024-03-05","product":"Rope","amount":249.90,"currency":"NOK"}]}""");
        server.createCustomer("""
                {"first_name":"Robert","last_name":"Halvorsen","emails":["rob.halvorsen@example.com"],
                 "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"industry":"Logistics"}""");
        server.createCustomer("""
                {"first_name":"Robert","last_name":"Halvorsen","emails":["robert.h@example.com"],
                 "phones":["+47 22 33 44 55"],"address":{"city":"Oslo","country":"NO"},"position":"Captain"}""");
        server.createCustomer("""
                {"first_name":"Greta","last_name":"Lindqvist","emails":["greta@example.se"],
                 "address":{"city":"Uppsala","country":"SE"}}""");
        String job = json(server.postJson("/api/dedup/jobs", "")).path("id").asText();
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                !json(server.get("/api/dedup/jobs/" + job)).path("state").asText().equals("running"));
        server.app().store().index().refresh();
        return id;
    }

    private void open(String hash) {
        String base = "http://127.0.0.1:" + server.app().port() + "/";
        browser.driver.get(base);
        browser.js("sessionStorage.setItem('clientele.apiKey', arguments[0])", TestKeys.ADMIN);
        browser.driver.get(base + hash);
        browser.wait.until(d -> browser.js("return document.readyState").equals("complete"));
    }

    /** The checks every screen gets; {@code count} is the element that shows the screen's count, if any. */
    private void checkScreen(String screen, String count) throws IOException {
        @SuppressWarnings("unchecked")
        List<String> unlabeled = (List<String>) browser.js("""
                const name = (e) => (e.labels && [...e.labels].some(l => l.textContent.trim()))
                  || (e.getAttribute('aria-label') || '').trim()
                  || (e.getAttribute('aria-labelledby') || '').split(/\\s+/).some(i => document.getElementById(i)
                       && document.getElementById(i).textContent.trim())
                  || (e.getAttribute('title') || '').trim();
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                  .filter(e => !name(e)).map(e => e.outerHTML.slice(0, 160))
                  .concat([...document.querySelectorAll('button, a[href]')]
                    .filter(e => e.getClientRects().length > 0)
                    .filter(e => !(e.textContent.trim() || (e.getAttribute('aria-label') || '').trim()))
                    .map(e => e.outerHTML.slice(0, 160)));""");
        assertThat(unlabeled).as("form controls and buttons without a name on " + screen).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> noAlt = (List<String>) browser.js("""
                return [...document.querySelectorAll('img:not([alt]), svg[role=img]:not([aria-label]),'
                  + ' input[type=image]:not([alt]), area:not([alt])')].map(e => e.outerHTML.slice(0, 160));""");
        assertThat(noAlt).as("images without a text alternative on " + screen).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Long> landmarks = (Map<String, Long>) browser.js("""
                return { header: document.querySelectorAll('body > header').length,
                  nav: document.querySelectorAll('nav[aria-label]').length,
                  main: document.querySelectorAll('main').length,
                  search: document.querySelectorAll('[role=search]').length,
                  h1: document.querySelectorAll('main h1').length,
                  positiveTabindex: [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length,
                  duplicateIds: (() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
                    return ids.length - new Set(ids).size; })() };""");
        assertThat(landmarks).as("landmarks on " + screen).containsEntry("header", 1L).containsEntry("main", 1L)
                .containsEntry("search", 1L).containsEntry("h1", 1L).containsEntry("positiveTabindex", 0L)
                .containsEntry("duplicateIds", 0L);
        assertThat(landmarks.get("nav")).as("navigation landmark on " + screen).isGreaterThanOrEqualTo(1L);
        assertThat(browser.js("return document.documentElement.lang")).isEqualTo("en");
        if (count != null) {
            assertThat(liveRegion(count)).as("the count on " + screen + " is announced").isTrue();
        }
        assertThat(contrastFailures()).as("text below WCAG AA contrast on " + screen).isEmpty();
        assertThat(mainPairs()).as("contrast of the main text and background pairs on " + screen)
                .allSatisfy((pair, ratio) -> assertThat(ratio).as(pair).isGreaterThanOrEqualTo(4.5));
        assertFocusVisibleWhileTabbing(screen);
        browser.screenshot("a11y-" + screen.replaceAll("\\W+", "-"));
    }

    /** Tabs through the first controls of the page: each one that gets focus shows it (outline or ring). */
    private void assertFocusVisibleWhileTabbing(String screen) {
        browser.js("document.activeElement.blur(); window.scrollTo(0, 0);");
        for (int i = 0; i < 25; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            String active = activeElement();
            if (active.startsWith("<body")) {
                break;
            }
            assertThat(focusIndicator()).as("visible focus on " + active + " (" + screen + ")").isTrue();
        }
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    }

    private boolean focusIndicator() {
        return (Boolean) browser.js("""
                const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';""");
    }

    private String activeElement() {
        return (String) browser.js("return document.activeElement.outerHTML.slice(0, 120)");
    }

    private boolean liveRegion(String css) {
        return (Boolean) browser.js("""
                const e = document.querySelector(arguments[0]);
                return !!e && (e.getAttribute('role') === 'status' || e.getAttribute('role') === 'alert'
                  || ['polite', 'assertive'].includes(e.getAttribute('aria-live')));""", css);
    }

    private String accessibleName(WebElement e) {
        return (String) browser.js("""
                const e = arguments[0];
                return (e.labels && e.labels.length ? e.labels[0].textContent : e.getAttribute('aria-label')) || '';""", e);
    }

    /** The WCAG contrast ratio code, shared by the checks below (colours composited over the ancestors'). */
    private static final String CONTRAST = """
            const parse = (s) => { const m = /rgba?\\(([^)]+)\\)/.exec(s); if (!m) return null;
              const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
            const over = (top, under, a) => [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a));
            const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
            const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
            const colours = (el) => { const chain = []; for (let e = el; e; e = e.parentElement) chain.unshift(e);
              let bg = [255, 255, 255]; let alpha = 1;
              for (const e of chain) { const s = getComputedStyle(e); const c = parse(s.backgroundColor);
                if (c && c[3] > 0) bg = over(c, bg, c[3]); alpha *= parseFloat(s.opacity); }
              const fg = parse(getComputedStyle(el).color);
              return { fg: over(fg, bg, fg[3] * alpha), bg }; };
            """;

    /** Every visible piece of text whose colour against its background is below 4.5:1 (3:1 for large text). */
    private List<String> contrastFailures() {
        @SuppressWarnings("unchecked")
        List<String> failures = (List<String>) browser.js(CONTRAST + """
                const out = [];
                for (const el of document.querySelectorAll('body *')) {
                  if (['SCRIPT', 'STYLE', 'OPTION', 'NOSCRIPT'].includes(el.tagName)) continue;
                  const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
                  if (!text) continue;
                  const r = el.getBoundingClientRect();
                  if (r.width <= 1 || r.height <= 1) continue; // hidden, or visually hidden for screen readers
                  const s = getComputedStyle(el);
                  if (s.visibility !== 'visible' || el.closest(':disabled')) continue; // disabled controls are exempt
                  const { fg, bg } = colours(el);
                  const size = parseFloat(s.fontSize); const bold = parseInt(s.fontWeight, 10) >= 700;
                  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                  const got = ratio(fg, bg);
                  if (got < need) out.push(`${got.toFixed(2)} < ${need}: "${text.slice(0, 40)}" ${el.tagName}.${el.className}`
                    + ` fg ${fg.map(Math.round)} bg ${bg.map(Math.round)}`);
                }
                return out;""");
        return failures;
    }

    /** The contrast ratios of the UI's main text/background pairs, from the rendered page's computed styles. */
    private Map<String, Double> mainPairs() {
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) browser.js(CONTRAST + """
                const probe = (css, parent) => { const e = document.createElement(css.tag);
                  if (css.cls) e.className = css.cls; e.textContent = 'Probe';
                  (parent || document.getElementById('main')).append(e); const c = colours(e); e.remove();
                  return ratio(c.fg, c.bg); };
                const header = document.querySelector('header.top');
                return {
                  'body text on the page': probe({ tag: 'p' }),
                  'muted text on the page': probe({ tag: 'p', cls: 'muted' }),
                  'link on the page': probe({ tag: 'a' }),
                  'button text on the accent': probe({ tag: 'button' }),
                  'secondary button': probe({ tag: 'button', cls: 'secondary' }),
                  'text in the header': probe({ tag: 'span' }, header),
                  'muted text in a panel': probe({ tag: 'span', cls: 'muted' },
                    document.querySelector('.panel, .facet') || header),
                  'error text': probe({ tag: 'div', cls: 'error' }),
                };""");
        Map<String, Double> ratios = new java.util.TreeMap<>();
        raw.forEach((k, v) -> ratios.put(k, ((Number) v).doubleValue()));
        System.out.println("contrast ratios: " + ratios);
        return ratios;
    }


}
