package org.companyner.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.companyner.io.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page as a reviewer uses it, in headless Chromium driven by Selenium: keyboard accept, a new span marked
 * by dragging the mouse over the characters, propagation to the other occurrence, a rejected span, a reload, and the
 * exported YEDDA file. Needs Debian's {@code chromium} and {@code chromedriver} (paths overridable with the
 * {@code CHROMIUM} and {@code CHROMEDRIVER} environment variables); skipped without them, except under CI (the
 * {@code CI} variable set), where their absence fails the test. {@code -Dreview.screenshot=FILE} saves a screenshot.
 */
class ReviewPageBrowserTest {
    /** Code point range → viewport rectangle of those characters inside an element (JS strings count UTF-16 units). */
    private static final String RECT = """
            const [row, start, end] = arguments;
            const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            let at = 0, node;
            while ((node = walker.nextNode())) {
              const cps = Array.from(node.data);
              const n = cps.length;
              const unit = k => cps.slice(0, k).join('').length;
              if (start >= at && start < at + n) range.setStart(node, unit(start - at));
              if (end > at && end <= at + n) range.setEnd(node, unit(end - at));
              at += n;
            }
            const r = range.getBoundingClientRect();
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            """;

    @TempDir
    Path dir;

    private QueueFile.Queue queue;
    private ReviewSession session;
    private ReviewServer server;
    private WebDriver driver;
    private String url;

    @BeforeEach
    void start() {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            String missing = "the browser test needs " + chromium + " and " + chromedriver
                    + " (Debian: apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                fail(missing + "; CI must install them (.ci/run does)");
            }
            Assumptions.abort(missing);
        }
        queue = Fixtures.queue(dir);
        session = ReviewSession.open(queue);
        server = new ReviewServer(session);
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0) + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,720", "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
            session.close();
        }
    }

    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private void waitFor(String id, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id(id), text));
    }

    private void waitForSentence(String id) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.textMatches(By.id("where"),
                java.util.regex.Pattern.compile(".* · id " + id + " · .*")));
    }

    /** The decision row's spans as "start-end" strings. */
    @SuppressWarnings("unchecked")
    private List<String> decision() {
        // read in one script: the page redraws the row after every answer, so element references go stale
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from(document.querySelectorAll("
                + "'#row-decision mark')).map(m => m.dataset.start + '-' + m.dataset.end)");
    }

    /** Drags the mouse across code points {@code [start, end)} of a row, as a reviewer selects a name. */
    @SuppressWarnings("unchecked")
    private void drag(String row, int start, int end) {
        WebElement el = driver.findElement(By.id(row));
        Map<String, Number> r = (Map<String, Number>) ((JavascriptExecutor) driver).executeScript(RECT, el, start, end);
        int y = (int) Math.round((r.get("top").doubleValue() + r.get("bottom").doubleValue()) / 2);
        new Actions(driver).moveToLocation((int) Math.ceil(r.get("left").doubleValue()) + 1, y).clickAndHold()
                .moveToLocation((int) Math.floor(r.get("right").doubleValue()) - 1, y).release().perform();
    }

    @Test
    void aReviewerAcceptsMarksRejectsReloadsAndExports() throws Exception {
        // ranks (Fixtures): sentence 3 (1.93), 0 (1.52), 4 (1.02), 1 (0.80)
        assertThat(queue.queued()).extracting(QueueItem::id).containsExactly("3", "0", "4", "1");
        driver.get(url);
        waitFor("progress", "0 / 4 reviewed");
        waitForSentence("3");

        keys("a"); // accept the labels; the page moves on
        waitFor("progress", "1 / 4 reviewed");
        waitForSentence("0");
        assertThat(decision()).containsExactly("1-5");

        drag("row-decision", 10, 14); // the second 华星科技, after an emoji: code points, not UTF-16 units
        assertThat(((JavascriptExecutor) driver).executeScript("return window.getSelection().toString()")).isEqualTo("华星科技");
        keys("n");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> decision().size() == 2);
        assertThat(decision()).containsExactly("1-5", "10-14");
        WebElement offer = driver.findElement(By.id("offer"));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> offer.isDisplayed());
        assertThat(driver.findElement(By.id("offer-text")).getText()).contains("华星科技").contains("1 other queued sentence");
        String shot = System.getProperty("review.screenshot");
        if (shot != null && !shot.isBlank()) {
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of(shot),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        keys("p"); // apply to sentence 4
        waitFor("message", "Applied to 1 other sentence.");

        driver.findElement(By.cssSelector("#row-decision mark[data-start='1']")).click();
        keys("x"); // reject the first 华星科技
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> decision().size() == 1);
        assertThat(decision()).containsExactly("10-14");
        keys(Keys.ESCAPE); // no propagation of the rejection
        waitFor("progress", "2 / 4 reviewed");

        driver.navigate().refresh(); // a reload (or a crash of the tab) loses nothing
        waitFor("progress", "2 / 4 reviewed");
        waitForSentence("0");
        assertThat(decision()).containsExactly("10-14");
        keys(Keys.ARROW_RIGHT);
        waitForSentence("4");
        assertThat(decision()).containsExactly("0-4"); // propagated, not counted as reviewed

        assertThat(Files.readAllLines(DecisionLog.of(queue.file())))
                .extracting(l -> QueueFile.MAPPER.readTree(l).get("action").asText())
                .containsExactly("accept-label", "add-span", "propagate", "reject-span");
        Path out = dir.resolve("corrected.txt");
        ReviewLoop.export(queue, out, Format.YEDDA, "company", false);
        assertThat(Files.readAllLines(out)).containsExactly(
                "😀华星科技发布公告，[@华星科技#company*]股价上涨。",
                "[@云帆集团#company*]与北辰物流签署合作协议。",
                "今天天气很好，适合出门。",
                "蓝海[@银行宣布#company*]新任行长。",
                "[@华星科技#company*]子公司完成融资。");
    }
}
