package io.recur.serve;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.recur.api.InvalidItemException;
import io.recur.api.ModelSignature;
import io.recur.api.Prediction;
import io.recur.api.RecurModel;
import io.recur.io.Json;
import io.recur.predict.PredictionRecords;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RecurModel} behind HTTP, on the JDK's {@code com.sun.net.httpserver}: {@code GET
 * /health}, {@code GET /v1/model}, {@code POST /v1/predict}, {@code GET /metrics}.
 *
 * <p>A prediction request is read (at most {@code maxBody + 1} bytes), parsed, checked by the
 * model and queued on a handler thread, which then returns: the answer is written when the
 * request's batch completes, so a handful of threads serve any number of waiting clients, and the
 * bounded queue, not the thread count, limits how many wait. Every request ends in exactly one
 * response written by {@link Call#send}, which also counts it, logs it and lets a drain know it
 * is done.
 */
public final class InferenceServer {
  /**
   * The server's address and limits.
   *
   * @param maxBatch the most items of one forward pass
   * @param maxDelayNanos how long a batch's first request waits for others
   * @param queue requests that may wait for a batch; more get 503
   * @param maxBody the largest request body, in bytes; more gets 413
   * @param maxInputs the most items of one request; more gets 400
   */
  public record Settings(String host, int port, int maxBatch, long maxDelayNanos, int queue, long maxBody,
      int maxInputs) {}

  private static final String JSON = "application/json; charset=utf-8";
  private static final String ENDPOINTS = "GET /health, GET /v1/model, POST /v1/predict, GET /metrics";
  /** Paths and the one method each takes. */
  private static final Map<String, String> ROUTES = Map.of("/health", "GET", "/v1/model", "GET", "/v1/predict",
      "POST", "/metrics", "GET");

  private final RecurModel model;
  private final ModelSignature signature;
  private final Settings settings;
  private final PrintWriter log;
  private final boolean verbose;
  private final byte[] modelDescription;
  private final ServerMetrics metrics = new ServerMetrics();
  private final DynamicBatcher batcher;
  private final ExecutorService handlers;
  private final HttpServer http;
  /** Requests received and not yet answered; a drain waits for 0. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Prediction requests being read, parsed and checked: the batcher waits for others only while some are. */
  private final AtomicInteger arriving = new AtomicInteger();
  private volatile boolean accepting = true;

  private InferenceServer(RecurModel model, Settings settings, PrintWriter log, boolean verbose) throws IOException {
    this.model = model;
    this.signature = model.signature();
    this.settings = settings;
    this.log = log;
    this.verbose = verbose;
    this.modelDescription = Json.write(describe(signature, settings)).getBytes(StandardCharsets.UTF_8);
    this.batcher = new DynamicBatcher(model::predictBatch, settings.queue(), settings.maxBatch(),
        settings.maxDelayNanos(), metrics::batch, arriving::get);
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "recur-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // A backlog that holds a burst of clients connecting at once: the default (50) drops SYNs,
    // and a dropped SYN costs its client a second before the retry.
    this.http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()),
        Math.max(128, settings.queue()));
    http.createContext("/", this::handle);
    http.setExecutor(handlers);
    http.start();
  }

  /**
   * Binds and starts serving.
   *
   * @param log where the access log goes, one line per request
   * @throws IOException when the address cannot be bound
   */
  public static InferenceServer start(RecurModel model, Settings settings, PrintWriter log, boolean verbose)
      throws IOException {
    requireNonNull(model, "model is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(log, "log is null");
    // Without TCP_NODELAY, a body written after its headers waits for the client's delayed ACK
    // (40 ms on Linux). The JDK server reads the property once, when its first instance is made.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    return new InferenceServer(model, settings, log, verbose);
  }

  /** The port bound (the free one chosen for port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://HOST:PORT}, with an IPv6 host in brackets. */
  public String url() {
    String host = settings.host();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /**
   * Stops gracefully: new requests get 503 from now on, requests already received are answered
   * (their batches run), then the listener closes.
   *
   * @param timeoutMillis the longest wait for the requests already received
   * @return the requests that were still unanswered when the wait ended (0 normally)
   */
  public int drain(long timeoutMillis) throws InterruptedException {
    accepting = false;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (inFlight.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    int left = inFlight.get();
    batcher.stop(1000);
    // one second for the 503s being written to requests that came during the drain
    http.stop(1);
    handlers.shutdown();
    return left;
  }

  /** What {@code GET /v1/model} answers: the model's signature and this server's limits. */
  static Map<String, Object> describe(ModelSignature s, Settings settings) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("experiment", s.experiment());
    o.put("kind", s.kind().id());
    o.put("input_kind", s.inputKind().id());
    o.put("input_shape", s.inputShape());
    o.put("output_shape", s.outputShape());
    o.put("classes", s.classes());
    o.put("vocabulary_size", s.vocabulary().size());
    o.put("parameters", s.parameterCount());
    o.put("recur_version", s.recurVersion());
    o.put("weights_sha256", s.weightsSha256());
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("max_inputs", settings.maxInputs());
    limits.put("max_body_bytes", settings.maxBody());
    limits.put("max_batch", settings.maxBatch());
    o.put("limits", limits);
    return o;
  }

  private void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    // counted before the check, so a drain that has seen 0 in flight cannot miss a request
    Call call = new Call(exchange);
    try {
      if (!accepting) {
        throw HttpError.unavailable("the server is shutting down");
      }
      route(call);
    } catch (HttpError e) {
      call.error(e);
    } catch (Throwable t) {
      call.fail("could not answer the request", t);
    }
  }

  private void route(Call call) throws IOException {
    String method = call.exchange.getRequestMethod();
    String expected = ROUTES.get(call.path);
    if (expected == null) {
      throw new HttpError(404, "no endpoint " + call.path + "; the endpoints are " + ENDPOINTS);
    }
    if (!expected.equals(method)) {
      throw new HttpError(405, call.path + " takes " + expected + ", not " + method, Map.of("Allow", expected));
    }
    switch (call.path) {
      case "/health" -> call.send(200, JSON, Json.write(Map.of("status", "ok")).getBytes(StandardCharsets.UTF_8),
          Map.of());
      case "/v1/model" -> call.send(200, JSON, modelDescription, Map.of());
      case "/metrics" -> call.send(200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.prometheus(batcher.waiting(), batcher.capacity()).getBytes(StandardCharsets.UTF_8), Map.of());
      case "/v1/predict" -> predict(call);
      default -> throw new IllegalStateException("no handler for " + call.path);
    }
  }

  private void predict(Call call) throws IOException {
    arriving.incrementAndGet();
    try {
      receive(call);
    } finally {
      arriving.decrementAndGet();
    }
  }

  /** Reads, checks and queues a prediction request; its answer is written when its batch completes. */
  private void receive(Call call) throws IOException {
    PredictRequest request = PredictRequest.parse(readBody(call.exchange), signature.inputKind(),
        settings.maxInputs());
    call.items = request.items().size();
    try {
      // checked here, alone, so that an item the model cannot take never fails another request's batch
      model.check(request.items());
    } catch (InvalidItemException e) {
      throw HttpError.badRequest("inputs[" + e.index() + "]: " + e.detail());
    } catch (RecurException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    CompletableFuture<List<Prediction>> answers = batcher.submit(request.items());
    if (answers == null) {
      throw HttpError.unavailable("the server is busy (" + batcher.capacity() + " requests already wait); retry later");
    }
    answers.whenCompleteAsync((predictions, error) -> {
      try {
        if (error != null) {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof InvalidItemException bad) {
            call.error(HttpError.badRequest("inputs[" + bad.index() + "]: " + bad.detail()));
          } else {
            call.fail("could not compute the answers", cause);
          }
          return;
        }
        PredictionRecords records = new PredictionRecords(signature, request.topK(), request.probabilities());
        List<Object> outputs = new ArrayList<>(predictions.size());
        for (Prediction p : predictions) {
          outputs.add(records.json(p));
        }
        call.send(200, JSON, Json.write(Map.of("outputs", outputs)).getBytes(StandardCharsets.UTF_8), Map.of());
      } catch (Throwable t) {
        call.fail("could not write the answers", t);
      }
    }, handlers);
  }

  /** The body, refused with 413 past the limit; never more than {@code maxBody + 1} bytes are read. */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    long max = settings.maxBody();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) {
          throw tooLarge(max);
        }
      } catch (NumberFormatException e) {
        // the server refuses a malformed Content-Length before a handler sees it
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (body.length > max) {
        throw tooLarge(max);
      }
      return body;
    }
  }

  private static HttpError tooLarge(long max) {
    return new HttpError(413, "the request body is larger than this server's limit of " + max + " bytes");
  }

  /** One request, from its arrival to its one response. */
  private final class Call {
    final HttpExchange exchange;
    final String path;
    final long start = System.nanoTime();
    final AtomicBoolean answered = new AtomicBoolean();
    volatile int items;

    Call(HttpExchange exchange) {
      this.exchange = exchange;
      this.path = exchange.getRequestURI().getRawPath();
    }

    void error(HttpError e) {
      send(e.status(), JSON, Json.write(Map.of("error", e.getMessage())).getBytes(StandardCharsets.UTF_8),
          e.headers());
    }

    /** 500 for this request alone; the server goes on. */
    void fail(String what, Throwable t) {
      if (verbose) {
        synchronized (log) {
          t.printStackTrace(log);
        }
      }
      error(new HttpError(500, what + ": " + t));
    }

    void send(int status, String contentType, byte[] body, Map<String, String> headers) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      boolean gone = false;
      try {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        headers.forEach(h::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
          exchange.getResponseBody().write(body);
        }
      } catch (IOException e) {
        gone = true; // the client hung up: its answer is lost, nobody else's
      } finally {
        long nanos = System.nanoTime() - start;
        String endpoint = ROUTES.containsKey(path) ? path : "other";
        // counted before the exchange closes: a client that asks /metrics right after its answer sees it
        metrics.request(endpoint, status, status == 200 ? items : 0, nanos);
        exchange.close();
        log.println(exchange.getRequestMethod() + " " + path + " " + status + " items=" + items + " ms="
            + String.format(Locale.ROOT, "%.2f", nanos / 1e6) + (gone ? " (client gone)" : ""));
        inFlight.decrementAndGet();
      }
    }
  }
}
