package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.io.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur serve} as a real process on a small trained names-style classifier, with {@code
 * --port 0}: every endpoint and error status, answers equal to {@code recur predict --format
 * jsonl}, concurrent clients with bad requests among good ones, and a graceful SIGTERM.
 */
class ServeCommandTest {
  private static final Pattern READY = Pattern.compile("recur: serving (\\S+) on (http://\\S+)");
  private static final int MAX_INPUTS = 50;
  private static final int MAX_BODY = 4096;

  @TempDir static Path shared;
  static Path model;
  static List<String> words;
  /** Each word's line of {@code recur predict --format jsonl}. */
  static Map<String, String> expected = new HashMap<>();
  static RecurProcess server;
  static String url;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void trainAndServe() throws IOException {
    Path folder = Files.createDirectories(shared.resolve("labelled"));
    Files.write(folder.resolve("Soft.txt"), PredictFixtures.words(60, "aeioulmn", 1), StandardCharsets.UTF_8);
    Files.write(folder.resolve("Hard.txt"), PredictFixtures.words(60, "aeiktgkrz", 2), StandardCharsets.UTF_8);
    Files.write(folder.resolve("Mixed.txt"), PredictFixtures.words(40, "aeioulmnktgrz", 3), StandardCharsets.UTF_8);
    Path config = PredictFixtures.shippedWith("names/rnn.yaml", shared, "source: names",
        "path: " + folder.toAbsolutePath());
    model = PredictFixtures.train(config, shared.resolve("run"), "training.epochs=2", "model.layers[1].units=12",
        "model.layers[2].units=3");
    words = PredictFixtures.words(40, "aeioulmnktgrz", 7);
    List<String> lines = predictJsonl(words, "3");
    for (int i = 0; i < words.size(); i++) {
      expected.put(words.get(i), lines.get(i));
    }
    server = RecurProcess.start(shared, "server", List.of("serve", "--model", model.toString(), "--port", "0",
        "--max-inputs", Integer.toString(MAX_INPUTS), "--max-body", MAX_BODY + "B", "--threads", "1"));
    url = awaitReady(server, "names-rnn");
  }

  @AfterAll
  static void stop() {
    if (server != null && server.alive()) {
      server.kill();
    }
  }

  private static List<String> predictJsonl(List<String> items, String topK) throws IOException {
    Path input = shared.resolve("items-" + topK + ".txt");
    Files.write(input, items, StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString(),
        "--format", "jsonl", "--top-k", topK);
    assertEquals(0, r.exitCode(), r.err());
    return r.out().lines().toList();
  }

  /** Waits for the ready line and returns the URL it names. */
  static String awaitReady(RecurProcess p, String experiment) {
    assertTrue(p.awaitOutput("recur: serving", 120), "no ready line: " + p.out() + p.err());
    String first = p.out().lines().findFirst().orElseThrow();
    Matcher m = READY.matcher(first);
    assertTrue(m.matches(), first);
    assertEquals(experiment, m.group(1));
    assertTrue(m.group(2).startsWith("http://127.0.0.1:"), first);
    return m.group(2);
  }

  static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> predict(String body) throws IOException, InterruptedException {
    return send("POST", "/v1/predict", body);
  }

  static String inputs(List<String> items) {
    return Json.write(Map.of("inputs", items));
  }

  /** The answer the server must give for {@code items}: predict's jsonl lines, in order. */
  static String outputs(List<String> items) {
    List<String> lines = new ArrayList<>();
    for (String item : items) {
      lines.add(expected.get(item));
    }
    return "{\"outputs\":[" + String.join(",", lines) + "]}";
  }

  private static void assertError(int status, String messageStart, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    Object body = Json.read(r.body());
    assertTrue(body instanceof Map<?, ?> m && m.size() == 1 && m.get("error") instanceof String, r.body());
    String message = (String) ((Map<?, ?>) body).get("error");
    assertTrue(message.startsWith(messageStart), message);
  }

  @Test
  void healthAndModelDescribeTheLoadedModel() throws Exception {
    HttpResponse<String> health = send("GET", "/health", null);
    assertEquals(200, health.statusCode());
    assertEquals(Map.of("status", "ok"), Json.read(health.body()));
    assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

    HttpResponse<String> described = send("GET", "/v1/model", null);
    assertEquals(200, described.statusCode());
    Map<?, ?> m = (Map<?, ?>) Json.read(described.body());
    assertEquals("names-rnn", m.get("experiment"));
    assertEquals("classifier", m.get("kind"));
    assertEquals("text", m.get("input_kind"));
    assertEquals(3, ((List<?>) m.get("classes")).size());
    assertTrue(((Number) m.get("vocabulary_size")).intValue() > 10, described.body());
    assertTrue(((Number) m.get("parameters")).longValue() > 0, described.body());
    assertNotNull(m.get("recur_version"));
    assertEquals(Sha256.ofFile(model.resolve("weights.safetensors")), m.get("weights_sha256"));
    assertEquals(MAX_INPUTS, ((Number) ((Map<?, ?>) m.get("limits")).get("max_inputs")).intValue());
  }

  @Test
  void answersAreExactlyPredictsJsonLines() throws Exception {
    HttpResponse<String> all = predict(inputs(words));
    assertEquals(200, all.statusCode(), all.body());
    assertEquals(outputs(words), all.body());
    for (String w : words.subList(0, 5)) {
      HttpResponse<String> one = predict(inputs(List.of(w)));
      assertEquals(outputs(List.of(w)), one.body());
    }
    List<String> topOne = predictJsonl(words, "1");
    HttpResponse<String> k1 = predict("{\"inputs\": " + Json.write(words) + ", \"top_k\": 1}");
    assertEquals("{\"outputs\":[" + String.join(",", topOne) + "]}", k1.body());
  }

  @Test
  void everyErrorHasItsStatusAndAJsonMessage() throws Exception {
    assertError(400, "malformed JSON", predict("{\"inputs\": ["));
    // YAML is not JSON: unquoted keys and strings are refused, not read leniently
    assertError(400, "malformed JSON", predict("{inputs: [Nguyen]}"));
    assertError(400, "the body is empty", predict(""));
    assertError(400, "the body must be a JSON object", predict("[\"aei\"]"));
    assertError(400, "no 'inputs'", predict("{\"top_k\": 2}"));
    assertError(400, "inputs must be an array", predict("{\"inputs\": \"aei\"}"));
    assertError(400, "inputs[1]: expected a string", predict("{\"inputs\": [\"aei\", 3]}"));
    assertError(400, "inputs is empty", predict("{\"inputs\": []}"));
    assertError(400, "inputs has " + (MAX_INPUTS + 1) + " items; this server takes at most " + MAX_INPUTS,
        predict(inputs(Collections.nCopies(MAX_INPUTS + 1, "aei"))));
    assertError(400, "unknown field 'topk'", predict("{\"inputs\": [\"aei\"], \"topk\": 2}"));
    assertError(400, "top_k must be a whole number of 1 or more", predict("{\"inputs\": [\"aei\"], \"top_k\": 0}"));
    assertError(400, "the body is not UTF-8", rawPredict(new byte[] {'{', '"', 'i', (byte) 0xff, '"', ':', '1', '}'}));
    assertError(413, "the request body is larger than this server's limit of " + MAX_BODY + " bytes",
        predict(inputs(List.of("a".repeat(MAX_BODY)))));
    assertError(404, "no endpoint /v2/predict", send("POST", "/v2/predict", "{}"));
    HttpResponse<String> get = send("GET", "/v1/predict", null);
    assertError(405, "/v1/predict takes POST, not GET", get);
    assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
    HttpResponse<String> post = send("POST", "/health", "{}");
    assertError(405, "/health takes GET", post);
    assertEquals("GET", post.headers().firstValue("Allow").orElse(null));
    // the server goes on, and its answers have not changed
    assertEquals(outputs(words), predict(inputs(words)).body());
  }

  private static HttpResponse<String> rawPredict(byte[] body) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(URI.create(url + "/v1/predict"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anItemTheModelCannotTakeIsNamedByItsIndexAndFailsOnlyItsRequest() throws Exception {
    HttpResponse<String> empty = predict(inputs(List.of("aei", "lmn", "")));
    assertError(400, "inputs[2]: no characters left after preparing the text", empty);
    HttpResponse<String> unknown = predict(inputs(List.of("aei", "ae\u00e9i")));
    if (unknown.statusCode() != 200) { // a vocabulary with <unk> takes every character
      assertError(400, "inputs[1]: character '\u00e9' is not in the model's vocabulary", unknown);
    }
    assertEquals(outputs(words.subList(0, 2)), predict(inputs(words.subList(0, 2))).body());
  }

  @Test
  void metricsCountRequestsBatchesAndLatency() throws Exception {
    predict(inputs(List.of("aei")));
    HttpResponse<String> r = send("GET", "/metrics", null);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    for (String line : List.of("recur_requests_total{endpoint=\"/v1/predict\",status=\"200\"} ", "recur_items_total ",
        "recur_batch_size_bucket{le=\"+Inf\"} ", "recur_request_duration_seconds_count ")) {
      assertTrue(r.body().contains(line), line + " in\n" + r.body());
    }
  }

  @Test
  void clientsThatHangUpDoNotDisturbTheOthers() throws Exception {
    int port = URI.create(url).getPort();
    // a body cut short, then gone
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"inputs\": [").getBytes(
          StandardCharsets.US_ASCII));
      out.flush();
    }
    // a whole request, gone before its answer
    try (Socket s = new Socket("127.0.0.1", port)) {
      byte[] body = inputs(words).getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(
          StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }
    assertEquals(outputs(words), predict(inputs(words)).body());
  }

  @Test
  void concurrentClientsGetTheirOwnAnswersAmongBadRequests() throws Exception {
    int clients = 32;
    int requests = 200;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger good = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        try {
          for (int k = 0; k < requests; k++) {
            if ((client + k) % 7 == 0) {
              // a bad request among the good ones: malformed, the wrong type, or too many items
              String bad = switch ((client + k) % 3) {
                case 0 -> "{\"inputs\": [\"aei\"";
                case 1 -> "{\"inputs\": [\"aei\", {\"x\": 1}]}";
                default -> inputs(Collections.nCopies(MAX_INPUTS + 1, "aei"));
              };
              HttpResponse<String> r = predict(bad);
              if (r.statusCode() != 400) {
                failures.add("client " + client + " request " + k + ": bad request got " + r.statusCode());
              }
              continue;
            }
            int n = 1 + (client + k) % 3;
            List<String> items = new ArrayList<>();
            for (int j = 0; j < n; j++) {
              items.add(words.get((client * 31 + k * 7 + j) % words.size()));
            }
            HttpResponse<String> r = predict(inputs(items));
            if (r.statusCode() != 200 || !r.body().equals(outputs(items))) {
              failures.add("client " + client + " request " + k + ": " + r.statusCode() + " " + r.body());
            } else {
              good.incrementAndGet();
            }
          }
        } catch (IOException | InterruptedException e) {
          failures.add("client " + client + ": " + e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(120_000);
    }
    assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.peek());
    assertTrue(good.get() > clients * requests / 2, "good answers: " + good.get());
  }

  @Test
  void sigtermAnswersWhatWasAcceptedAndExitsZero() throws Exception {
    // batches wait up to 100 ms, so requests are waiting in the queue when the signal comes
    RecurProcess p = RecurProcess.start(shared, "drained", List.of("serve", "--model", model.toString(), "--port",
        "0", "--max-delay-ms", "100", "--max-batch", "64", "--threads", "1"));
    String base = awaitReady(p, "names-rnn");
    URI predict = URI.create(base + "/v1/predict");
    record Outcome(long sentNanos, int status, String body, String retryAfter, String exception) {}
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    long[] signalled = {Long.MAX_VALUE};
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        for (int k = 0; k < 10_000; k++) {
          String item = words.get((client + k) % words.size());
          long sent = System.nanoTime();
          try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(inputs(List.of(item)))).build(),
                HttpResponse.BodyHandlers.ofString());
            outcomes.add(new Outcome(sent, r.statusCode(), r.statusCode() == 200 ? (r.body().equals(
                outputs(List.of(item))) ? "right" : r.body()) : r.body(),
                r.headers().firstValue("Retry-After").orElse(null), null));
          } catch (IOException e) {
            outcomes.add(new Outcome(sent, -1, null, null, e.toString()));
            return; // the server is gone
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      t.start();
      threads.add(t);
    }
    RecurProcess.sleep(1500);
    signalled[0] = System.nanoTime();
    p.terminate();
    assertEquals(0, p.waitFor(60), p.err());
    for (Thread t : threads) {
      t.join(60_000);
      assertFalse(t.isAlive());
    }
    int answered = 0;
    for (Outcome o : outcomes) {
      if (o.status() == 200) {
        assertEquals("right", o.body());
        answered++;
      } else if (o.status() == 503) {
        assertEquals("1", o.retryAfter(), o.body());
        assertTrue(o.body().contains("shutting down"), o.body());
      } else {
        assertEquals(-1, o.status(), o.body());
        // a request sent well before the signal was accepted, so it must have been answered
        assertTrue(o.sentNanos() > signalled[0] - 50_000_000L, "a request sent "
            + (signalled[0] - o.sentNanos()) / 1_000_000 + " ms before SIGTERM got no answer: " + o.exception());
      }
    }
    assertTrue(answered > 8, "answered before the signal: " + answered);
    assertTrue(p.err().contains("recur: stopped; every request received was answered"), p.err());
  }
}
