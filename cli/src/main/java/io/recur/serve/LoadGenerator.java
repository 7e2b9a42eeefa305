package io.recur.serve;

import io.recur.io.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for {@code recur serve}, used by {@code bench/serve.sh}: N clients
 * each send a request, wait for its answer and send the next, until a fixed number of requests is
 * answered. Prints one line: throughput in requests and items per second, p50 and p99 latency,
 * and the errors (any status but 200, or no answer).
 *
 * <pre>
 * java -cp recur.jar io.recur.serve.LoadGenerator --url http://127.0.0.1:8080 --items names.txt \
 *     --clients 8 --requests 20000 [--per-request 1] [--warmup 500]
 * </pre>
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  /** What one run measured. */
  record Result(int clients, int requests, long items, double seconds, double p50Millis, double p99Millis,
      long errors, String firstError) {
    String line() {
      return String.format(Locale.ROOT, "clients=%d requests=%d items=%d seconds=%.2f requests/s=%.0f items/s=%.0f"
          + " p50_ms=%.2f p99_ms=%.2f errors=%d%s", clients, requests, items, seconds, requests / seconds,
          items / seconds, p50Millis, p99Millis, errors, firstError == null ? "" : " first_error=" + firstError);
    }
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    String url = null;
    Path itemsFile = null;
    int clients = 1;
    int requests = 1000;
    int perRequest = 1;
    int warmup = 500;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--url" -> url = value;
        case "--items" -> itemsFile = Path.of(value);
        case "--clients" -> clients = Integer.parseInt(value);
        case "--requests" -> requests = Integer.parseInt(value);
        case "--per-request" -> perRequest = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (url == null || itemsFile == null) {
      throw new IllegalArgumentException("--url and --items are required");
    }
    List<String> items = Files.readAllLines(itemsFile, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    URI predict = URI.create(url + "/v1/predict");
    if (warmup > 0) {
      run(http, predict, items, clients, warmup, perRequest);
    }
    System.out.println(run(http, predict, items, clients, requests, perRequest).line());
  }

  static Result run(HttpClient http, URI predict, List<String> items, int clients, int requests, int perRequest)
      throws InterruptedException {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    String[] firstError = new String[1];
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        for (int k = next.getAndIncrement(); k < requests; k = next.getAndIncrement()) {
          List<String> inputs = new ArrayList<>(perRequest);
          for (int j = 0; j < perRequest; j++) {
            inputs.add(items.get((int) (((long) k * perRequest + j) % items.size())));
          }
          HttpRequest request = HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("inputs", inputs)))).build();
          long t0 = System.nanoTime();
          String error = null;
          try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              error = response.statusCode() + " " + response.body();
            }
          } catch (IOException e) {
            error = e.toString();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          latencies[k] = System.nanoTime() - t0;
          if (error != null && errors.incrementAndGet() == 1) {
            firstError[0] = error.replace('\n', ' ');
          }
        }
      }, "client-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    return new Result(clients, requests, (long) requests * perRequest, seconds, percentile(latencies, 0.50),
        percentile(latencies, 0.99), errors.get(), firstError[0]);
  }

  /** The nearest-rank percentile, in milliseconds, of sorted nanoseconds. */
  private static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
