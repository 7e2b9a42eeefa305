package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves.png and report.html of a classifier run, and the report rendered by headless Chromium. */
class ReportTest {
  @TempDir static Path shared;
  static Path run;
  static String html;

  @TempDir Path tmp;

  @BeforeAll
  static void train() throws IOException {
    run = shared.resolve("run");
    CliRunner.Result r = CliRunner.run(Runs.args("dummy-string/perceptron.yaml", run, "--set", "training.epochs=4",
        "--set", "data.samples=150", "--set", "data.split=[2, 1, 1]").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    html = Files.readString(run.resolve("report.html"));
  }

  @Test
  void curvesArePlottedAsAPng() throws IOException {
    BufferedImage png = ImageIO.read(run.resolve("curves.png").toFile());
    // loss and accuracy side by side, then the learning rate and the seconds per epoch
    assertEquals(1120, png.getWidth());
    assertEquals(720, png.getHeight());
    assertTrue(colours(png) > 20, "a plot, not a blank image");
  }

  @Test
  void theReportHasTheConfigMetricsCurvesAndConfusionMatrix() {
    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    assertTrue(html.contains("<h1>perceptron</h1>"), html);
    assertTrue(html.contains("Completed 4 epochs."), html);
    assertTrue(html.contains("<td>val.accuracy</td>"), html);
    assertTrue(html.contains("<img class=\"curves\" alt=\"loss and metric curves per epoch, train against validation;"
        + " learning rate; seconds per epoch\" "
        + "src=\"data:image/png;base64,iVBOR"), "the curves are inline");
    assertTrue(html.contains("<h2>Confusion matrix</h2>") && html.contains("<table class=\"confusion\">"), html);
    assertTrue(Pattern.compile("test split, \\d+ predictions, [0-9.]+% correct").matcher(html).find(), html);
    assertTrue(html.contains("<h2>Configuration</h2>\n<pre>name: perceptron"), html);
  }

  @Test
  void theReportSaysWhereTheTestNumbersComeFromAndShowsTheModelAndItsProvenance() {
    assertTrue(html.contains("<th>final (epoch 4)</th>"), "epochs counted from 1, as the table counts them");
    assertTrue(html.contains("<h3>Test</h3>\n<p class=\"note\">The test split was scored once after training, with the"
        + " weights of epoch 4, the last; no epoch above looked at it"), html);
    assertTrue(html.contains("<tr><td>test.accuracy</td>"), html);
    String perEpoch = html.substring(html.indexOf("<h2>Metrics</h2>"), html.indexOf("<h3>Test</h3>"));
    assertFalse(perEpoch.contains("test."), "no epoch scored the test split: " + perEpoch);
    assertTrue(html.contains("<h2>Model</h2>") && html.contains("<td>dense_2</td><td>dense</td>"), html);
    assertTrue(html.contains("<h2>Provenance</h2>"), html);
    for (String key : List.of("config_hash", "seed", "recur_version", "java_version", "os_name", "dataset.type",
        "dataset.fingerprint")) {
      assertTrue(html.contains("<tr><td>" + key + "</td><td><code>"), "provenance lacks " + key);
    }
  }

  @Test
  void theReportNeedsNoNetwork() {
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("<link"), "no linked stylesheets");
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      assertTrue(m.group(1).startsWith("data:"), "only data: URIs, found " + m.group(1));
    }
    assertFalse(html.contains("url("), "no CSS resources");
  }

  @Test
  void theReportRendersInHeadlessChromium() throws Exception {
    Optional<String> chromium = chromium();
    assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install -y chromium; .ci/run installs it)");
    Path shot = tmp.resolve("report.png");
    List<String> cmd = new ArrayList<>(List.of(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile"),
        "--window-size=1280,1600", "--screenshot=" + shot, run.resolve("report.html").toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(tmp.resolve("chromium.log")));
    }
    assertTrue(Files.exists(shot), "no screenshot: " + Files.readString(tmp.resolve("chromium.log")));
    BufferedImage png = ImageIO.read(shot.toFile());
    assertEquals(1280, png.getWidth());
    // headings, tables, the heat map's blues and the curves: many colours, not a blank or error page
    assertTrue(colours(png) > 100, "the page rendered");
    String keep = System.getProperty("recur.report.screenshot");
    if (keep != null) {
      Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Optional<String> chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p.toString());
        }
      }
    }
    return Optional.empty();
  }

  private static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
