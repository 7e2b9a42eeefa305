package io.recur.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recur data list} and {@code recur data fetch}, the latter against a server on loopback. */
class DataCommandTest {
  @TempDir Path tmp;

  /** The course's data mirror beside the repo, or the test is skipped. */
  static Path sharedData() {
    return io.recur.testkit.DataMirror.require("names", "dinos", "tinyshakespeare", "airline_passengers");
  }

  @Test
  void listShowsEachDatasetPresentOrMissingAndWhere() throws Exception {
    Files.createDirectories(tmp.resolve("dinos"));
    Files.writeString(tmp.resolve("dinos/dinos.txt"), "aachenosaurus\n");
    Files.createDirectories(tmp.resolve("names"));
    Files.writeString(tmp.resolve("names/Arabic.txt"), "Khoury\n");
    CliRunner.Result r = CliRunner.run("data", "list", "--data-dir", tmp.toString());
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("data directory: " + tmp + " (--data-dir)", lines[0]);
    assertEquals(String.format("%-20s %-5s %-16s %-26s %s", "NAME", "FILES", "STATUS", "SOURCE", "LOCATION"),
        lines[1]);
    assertEquals(String.format("%-20s %-5s %-16s %-26s %s", "airline-passengers", 1, "missing",
        "facebook/prophet@181f447", tmp.resolve("airline_passengers")), lines[2]);
    assertEquals(String.format("%-20s %-5s %-16s %-26s %s", "dinos", 1, "present", "botkop/scorch@cdf2c33",
        tmp.resolve("dinos")), lines[3]);
    assertTrue(lines[4].startsWith(String.format("%-20s %-5s %-16s ", "names", 18, "missing 17 of 18")), lines[4]);
    assertTrue(lines[5].startsWith(String.format("%-20s %-5s %-16s ", "tinyshakespeare", 1, "missing")), lines[5]);
    assertEquals("fetch a missing dataset with: recur data fetch NAME (or put its files in the folder shown)", lines[6]);
  }

  @Test
  void listFindsEveryDatasetInTheMirror() {
    CliRunner.Result r = CliRunner.run("data", "list", "--data-dir", sharedData().toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(4, r.out().lines().filter(l -> l.contains(" present ")).count(), r.out());
  }

  @Test
  void fetchDownloadsVerifiesAndThenFindsTheFilePresent() throws Exception {
    byte[] dinos = Files.readAllBytes(sharedData().resolve("dinos/dinos.txt"));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/botkop/scorch/cdf2c33/src/test/resources/dinos.txt", exchange -> {
      exchange.sendResponseHeaders(200, dinos.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(dinos);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      Path data = tmp.resolve("data");
      CliRunner.Result r = CliRunner.run("data", "fetch", "dinos", "--data-dir", data.toString(), "--base-url", base);
      assertEquals(0, r.exitCode(), r.err());
      Path file = data.resolve("dinos/dinos.txt");
      assertEquals("data directory: " + data + " (--data-dir)\n"
          + "downloading dinos/dinos.txt from " + base + "botkop/scorch/cdf2c33/src/test/resources/dinos.txt\n"
          + "saved " + file + " (19,910 bytes, sha256 verified)\n"
          + "dinos: 1 file fetched into " + data.resolve("dinos") + "\n", r.out());
      assertEquals(new String(dinos, UTF_8), Files.readString(file));
      CliRunner.Result again = CliRunner.run("data", "fetch", "dinos", "--data-dir", data.toString(), "--base-url", base);
      assertTrue(again.out().endsWith("dinos: already present in " + data.resolve("dinos")
          + " (--force downloads it again)\n"), again.out());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void fetchOfflineSaysWhereToGetTheFile() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRunner.Result r = CliRunner.run("data", "fetch", "tinyshakespeare", "--data-dir", tmp.toString(),
        "--base-url", "http://127.0.0.1:" + port + "/");
    assertEquals(Main.USER_ERROR, r.exitCode(), r.out());
    assertTrue(r.err().startsWith("named dataset 'tinyshakespeare': tinyshakespeare/input.txt is not in the data"
        + " directory " + tmp + " and could not be downloaded (cannot connect to 127.0.0.1:" + port), r.err());
    assertTrue(r.err().contains(" and save it as " + tmp.resolve("tinyshakespeare/input.txt")), r.err());
    assertTrue(Files.notExists(tmp.resolve("tinyshakespeare/input.txt")));
  }

  @Test
  void fetchNamesAnUnknownDatasetAndSuggestsOne() {
    CliRunner.Result r = CliRunner.run("data", "fetch", "dino", "--data-dir", tmp.toString());
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertEquals("recur data fetch: unknown named dataset 'dino'; known: airline-passengers, dinos, names,"
        + " tinyshakespeare. Did you mean 'dinos'?\n", r.err());
    CliRunner.Result none = CliRunner.run("data", "fetch");
    assertEquals(Main.USER_ERROR, none.exitCode());
    assertTrue(none.err().contains("Run 'recur data fetch --help' for usage."), none.err());
  }
}
