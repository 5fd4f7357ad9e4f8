package io.newswire.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.newswire.enrich.EnrichService;
import io.newswire.ingest.IngestConfig;
import io.newswire.ingest.IngestService;
import io.newswire.ingest.core.keys.ApiKeys;
import io.newswire.platform.AvroSerdes;
import io.newswire.platform.Topics;
import io.newswire.publish.PublishService;
import io.newswire.publish.core.sources.SourceLedger;
import io.newswire.schema.v1.DeadLetter;
import io.newswire.schema.v1.ParsedFields;
import io.newswire.schema.v1.RawStory;
import io.newswire.schema.v1.StoryFormat;
import io.newswire.testkit.CorpusText;
import io.newswire.testkit.PipelineInfra;
import io.newswire.testkit.WithPipelineInfra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium through the system's chromedriver) against
 * the real pipeline, started once for every test here: ingest, enrich and publish on the shared
 * broker and registry. Screenshots of each page go to {@code target/screenshots/}. Without Chromium
 * or chromedriver (Debian's {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs
 * them) every test is reported skipped with the reason.
 */
@WithPipelineInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("NEWSWIRE_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("NEWSWIRE_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SHOTS = Path.of("target", "screenshots");
  static final String VOV_KEY = "console-vov-key";
  static final String PNA_KEY = "console-pna-key";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One run's story ids: the shared broker keeps other runs' and other tests' stories. */
  static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  static PipelineInfra infra;
  static IngestService ingest;
  static EnrichService enrich;
  static PublishService publish;
  static WebDriver browser;
  static String referenceUrn;

  @BeforeAll
  static void start(PipelineInfra shared, @TempDir Path state) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no Chromium at "
            + CHROMIUM
            + " (NEWSWIRE_CHROMIUM): the console's browser tests need Debian's chromium and"
            + " chromium-driver packages; .ci/run installs them");
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER),
        "no chromedriver at "
            + CHROMEDRIVER
            + " (NEWSWIRE_CHROMEDRIVER): install Debian's chromium-driver package");
    infra = shared;
    enrich =
        EnrichService.start(
            new EnrichService.Config(
                "127.0.0.1",
                0,
                "console-enrich",
                state.resolve("enrich").toString(),
                infra.kafka()));
    publish =
        PublishService.start(
            TestKeys.publish(
                    new PublishService.Config(
                        "127.0.0.1",
                        0,
                        "console-publish",
                        state.resolve("publish").toString(),
                        infra.kafka()))
                .withLagSampleInterval(Duration.ofSeconds(1))
                // a usual pause known after one pause of at least a second: idle within seconds
                .withSources(new SourceLedger(2, 1, Duration.ofSeconds(1))));
    ingest =
        IngestService.start(
            new IngestConfig(
                "127.0.0.1",
                0,
                ApiKeys.parse(
                    "vov:" + ApiKeys.sha256Hex(VOV_KEY) + ",pna:" + ApiKeys.sha256Hex(PNA_KEY)),
                1 << 20,
                infra.kafka()));
    Files.createDirectories(SHOTS);
    // never Selenium Manager: no download, the system's driver and browser only
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--window-size=1366,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (ingest != null) {
      ingest.close();
    }
    if (publish != null) {
      publish.close();
    }
    if (enrich != null) {
      enrich.close();
    }
  }

  static String console() {
    return "http://127.0.0.1:" + publish.port() + "/console/";
  }

  static WebDriverWait waiting(Duration d) {
    return new WebDriverWait(browser, d);
  }

  static void screenshot(String name) throws Exception {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Opens the console signed in as the operator (admin: every page). */
  static void signedIn(String hash) {
    browser.get(console() + hash);
    if (!browser.findElements(By.cssSelector("#sign-in:not([hidden])")).isEmpty()) {
      WebElement key = browser.findElement(By.id("key"));
      key.sendKeys(TestKeys.OPS);
      browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    }
    waiting(Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("who-name")));
  }

  static HttpResponse<String> post(String agencyKey, String storyId, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/stories"))
            .header("Authorization", "Bearer " + agencyKey)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("X-Story-Id", storyId)
            .header("X-Story-Version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void aWrongKeyIsRefusedAndTheReferenceStoryArrivesLiveWithItsThreeTags() throws Exception {
    browser.get(console());
    waiting(Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
    screenshot("sign-in");
    browser.findElement(By.id("key")).sendKeys("not-a-key");
    browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    waiting(Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("sign-in-error"), "That key is not valid here."));
    assertThat(
            ((JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('newswire.console.key')"))
        .isNull();

    signedIn("#/wire");
    assertThat(browser.findElement(By.id("who-name")).getText()).contains("ops", "operator");
    waiting(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("wire-live"), "Live"));

    String storyId = "console-ref-" + RUN;
    referenceUrn = "urn:newswire:vov:" + storyId;
    String reference =
        Files.readString(
            CorpusText.repoRoot().resolve("corpus/vov-asean-digital-ministers.fr.txt"));
    assertThat(post(VOV_KEY, storyId, reference).statusCode()).isEqualTo(202);

    By card = By.cssSelector("li[data-urn='" + referenceUrn + "']");
    WebElement li =
        waiting(Duration.ofSeconds(120)).until(ExpectedConditions.visibilityOfElementLocated(card));
    assertThat(li.getAttribute("class")).as("arrived over the stream").contains("card-new");
    assertThat(
            li.findElements(By.cssSelector(".tags [data-tag]")).stream()
                .map(e -> e.getAttribute("data-tag"))
                .toList())
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(li.findElement(By.cssSelector("[data-field=language]")).getText()).isEqualTo("fr");
    assertThat(li.findElement(By.cssSelector("[data-field=agency]")).getText()).isEqualTo("vov");
    assertThat(li.findElement(By.cssSelector("[data-field=version]")).getText()).startsWith("1");
    assertThat(
            browser
                .findElement(By.cssSelector("#wire-list li:first-child"))
                .getAttribute("data-urn"))
        .as("newest on top")
        .isEqualTo(referenceUrn);
    screenshot("wire");
  }

  @Test
  @Order(2)
  void theStoryPageHighlightsEveryMentionAndShowsCaptionsVersionsRawPayloadAndEvent()
      throws Exception {
    assumeTrue(referenceUrn != null, "the reference story was not posted");
    signedIn("#/wire");
    By link = By.cssSelector("li[data-urn='" + referenceUrn + "'] h2 a");
    waiting(Duration.ofSeconds(60)).until(ExpectedConditions.elementToBeClickable(link)).click();

    waiting(Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#story-body mark")));
    List<WebElement> marks = browser.findElements(By.cssSelector("#story-body mark.mention"));
    assertThat(marks.stream().map(m -> m.getAttribute("data-tag")).distinct().toList())
        .containsExactlyInAnyOrder("ASEAN", "DIGITAL_TRANSFORMATION", "AI");
    assertThat(
            marks.stream()
                .filter(m -> "ASEAN".equals(m.getAttribute("data-tag")))
                .map(WebElement::getText)
                .distinct()
                .toList())
        .containsExactly("ASEAN");
    assertThat(browser.findElement(By.id("story-body")).getText())
        .contains("Tel est le message délivré par le Premier ministre Pham Minh Chinh");
    List<WebElement> captions = browser.findElements(By.cssSelector("#story-captions li"));
    assertThat(captions).hasSize(3);
    assertThat(captions.get(0).getText()).contains("Credit: Lai Hoa/VOV");
    assertThat(browser.findElements(By.cssSelector("#story-versions tbody tr"))).hasSize(1);
    assertThat(browser.findElement(By.id("story-json")).getText())
        .contains("\"uri\": \"" + referenceUrn + "\"");
    WebElement raw =
        waiting(Duration.ofSeconds(30))
            .until(ExpectedConditions.presenceOfElementLocated(By.id("story-raw-payload")));
    assertThat(raw.getText()).contains("Pham Minh Chinh").contains("Photo:");
    screenshot("story");
  }

  @Test
  @Order(3)
  void aSourceThatStopsSendingGoesIdleOnTheSourcesPage() throws Exception {
    signedIn("#/sources");
    waiting(Duration.ofSeconds(15))
        .until(
            ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.id("sources-table")),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sources .note"))));
    screenshot("sources");
    // pna sends twice, two seconds apart (one pause: its usual pause is 2 s), then stops: quiet
    // for longer than twice that, it is idle
    assertThat(post(PNA_KEY, "console-idle-1-" + RUN, "ASEAN ministers met.").statusCode())
        .isEqualTo(202);
    Thread.sleep(2_000);
    assertThat(post(PNA_KEY, "console-idle-2-" + RUN, "ASEAN ministers met again.").statusCode())
        .isEqualTo(202);
    signedIn("#/sources");
    waiting(Duration.ofSeconds(90))
        .pollingEvery(Duration.ofSeconds(2))
        .until(
            d -> {
              d.navigate().refresh();
              return !d.findElements(By.cssSelector("tr[data-source='pna'][data-state='idle']"))
                  .isEmpty();
            });
    screenshot("sources-idle");
  }

  @Test
  @Order(4)
  void aDeadLetterRedrivenFromThePipelinePageIsPublished() throws Exception {
    // A story dead-lettered by enrich for a cause since fixed (as a registry outage leaves them):
    // its raw record, byte for byte, on news.dlq.v1.
    String storyId = "console-redrive-" + RUN;
    String urn = "urn:newswire:vov:" + storyId;
    String text = "ASEAN digital ministers agreed on artificial intelligence rules in Hanoi.";
    RawStory raw =
        RawStory.newBuilder()
            .setUrn(urn)
            .setAgency("vov")
            .setAgencyStoryId(storyId)
            .setVersion(1)
            .setReceivedAt(Instant.now())
            .setIngestId("console-it-" + RUN)
            .setFormat(StoryFormat.PLAIN_TEXT)
            .setContentType("text/plain; charset=utf-8")
            .setPayload(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)))
            .setParsed(ParsedFields.newBuilder().setBody(text).setLanguage("en").build())
            .build();
    byte[] value;
    try (var serializer = AvroSerdes.<RawStory>serializer(infra.kafka(), false)) {
      value = serializer.serialize(Topics.RAW, raw);
    }
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage("console-enrich")
            .setPhase("PROCESSING")
            .setReason("simulated for the console test: the schema registry did not answer")
            .setExceptionClass("io.newswire.test.Simulated")
            .setSourceTopic(Topics.RAW)
            .setSourcePartition(0)
            .setSourceOffset(0L)
            .setKey(ByteBuffer.wrap(urn.getBytes(StandardCharsets.UTF_8)))
            .setValue(ByteBuffer.wrap(value))
            .setHeaders(Map.of())
            .setFailedAt(Instant.now())
            .build();
    String id;
    try (var producer =
        new KafkaProducer<>(
            infra.kafka().producerProps(),
            new StringSerializer(),
            AvroSerdes.<DeadLetter>serializer(infra.kafka(), false))) {
      var md = producer.send(new ProducerRecord<>(Topics.DLQ, urn, letter)).get();
      id = md.partition() + ":" + md.offset();
    }

    signedIn("#/pipeline");
    By row = By.cssSelector("tr[data-letter='" + id + "']");
    waiting(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(row));
    waiting(Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("lag-chart")));
    assertThat(browser.findElements(By.cssSelector("#lag-table tr[data-group='console-enrich']")))
        .isNotEmpty();
    WebElement generations =
        waiting(Duration.ofSeconds(60))
            .until(
                d -> {
                  WebElement g = d.findElement(By.id("pipeline-generations"));
                  return g.findElements(By.cssSelector("table, .note")).isEmpty() ? null : g;
                });
    screenshot("pipeline");
    assertThat(generations.findElements(By.id("generations-table")))
        .as(generations.getText())
        .isNotEmpty();
    assertThat(generations.getText()).contains(Topics.ENRICHED);

    browser.findElement(row).findElement(By.cssSelector("button[data-action=view]")).click();
    WebElement full =
        waiting(Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("dlq-letter-json")));
    assertThat(full.getText()).contains("the schema registry did not answer").contains(urn);

    browser.findElement(row).findElement(By.cssSelector("button[data-action=redrive]")).click();
    WebElement dialog =
        waiting(Duration.ofSeconds(10))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("redrive-dialog")));
    assertThat(dialog.getText()).contains("Redrive dead letter " + id, Topics.RAW);
    screenshot("pipeline-redrive-confirm");
    // cancelling sends nothing
    browser.findElement(By.id("redrive-cancel")).click();
    waiting(Duration.ofSeconds(5))
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("redrive-dialog")));
    assertThat(storyStatus(urn)).isEqualTo(404);

    browser.findElement(row).findElement(By.cssSelector("button[data-action=redrive]")).click();
    waiting(Duration.ofSeconds(10))
        .until(ExpectedConditions.elementToBeClickable(By.id("redrive-confirm")))
        .click();
    waiting(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("dlq-result"), "was redriven to " + Topics.RAW));

    browser.get(console() + "#/story/" + URLEncoder.encode(urn, StandardCharsets.UTF_8));
    waiting(Duration.ofSeconds(120))
        .pollingEvery(Duration.ofSeconds(2))
        .until(
            d -> {
              if (!d.findElements(By.cssSelector("#story-body mark")).isEmpty()) {
                return true;
              }
              d.navigate().refresh();
              return false;
            });
    assertThat(browser.findElement(By.id("story-tags")).getText()).contains("ASEAN", "AI");
    screenshot("story-redriven");
  }

  static int storyStatus(String urn) throws Exception {
    return HTTP.send(
            TestKeys.asReader(
                    URI.create(
                        "http://127.0.0.1:"
                            + publish.port()
                            + "/v1/stories/"
                            + URLEncoder.encode(urn, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
