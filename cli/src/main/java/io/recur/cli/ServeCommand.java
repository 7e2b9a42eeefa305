package io.recur.cli;

import io.recur.api.InputKind;
import io.recur.api.InvalidItemException;
import io.recur.api.ModelSignature;
import io.recur.api.RecurModel;
import io.recur.cli.CommonOptions;
import io.recur.cli.Main;
import io.recur.cli.ThreadsOption;
import io.recur.serve.InferenceServer;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur serve --model RUN/model}: the model behind an HTTP endpoint (docs/serving.md).
 * Loads the model through the Java API, warms it up, binds, prints {@code recur: serving
 * <experiment> on http://HOST:PORT} on standard output and one access-log line per request on
 * standard error, until SIGTERM or Ctrl-C, when it stops accepting, answers what it has already
 * received and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a saved model over HTTP: POST /v1/predict answers as 'recur predict --format jsonl' does,"
        + " with requests that arrive together run as one batch; GET /health, GET /v1/model, GET /metrics.")
public final class ServeCommand implements Callable<Integer> {
  /** The longest wait, on SIGTERM, for the requests already received. */
  private static final long DRAIN_MILLIS = 30_000;
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB|K|M|G)?");

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
          + " interface).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "The port (default: ${DEFAULT-VALUE}); 0 takes a free one, printed on the ready line.")
  int port;

  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "32",
      description = "The most items of one forward pass (default: ${DEFAULT-VALUE}); 1 turns batching off.")
  int maxBatch;

  @Option(names = "--max-delay-ms", paramLabel = "MS", defaultValue = "2",
      description = "How long the first request of a batch waits for others (default: ${DEFAULT-VALUE}).")
  double maxDelayMs;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "1024",
      description = "Requests that may wait for a batch (default: ${DEFAULT-VALUE}); more get 503 and Retry-After.")
  int queue;

  @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "1MiB",
      description = "The largest request body (default: ${DEFAULT-VALUE}; B, KiB, MiB, KB, MB…); more gets 413.")
  String maxBody;

  @Option(names = "--max-inputs", paramLabel = "N", defaultValue = "1024",
      description = "The most items of one request (default: ${DEFAULT-VALUE}); more gets 400.")
  int maxInputs;

  @Mixin
  ThreadsOption threads;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    InferenceServer.Settings settings = settings();
    int n = threads.resolve();
    // the model's own batches at least as large as ours, so one gathered batch is one forward pass
    RecurModel model = RecurModel.load(modelDir,
        new RecurModel.Options(common.pluginPaths(), n, Math.max(64, settings.maxBatch())));
    warmUp(model, settings.maxBatch());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InferenceServer server;
    try {
      server = InferenceServer.start(model, settings, err, common.verbose());
    } catch (BindException e) {
      throw new RecurException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RecurException("cannot start the server on " + host + ":" + port + ": " + e, e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        int left = server.drain(DRAIN_MILLIS);
        err.println("recur: stopped" + (left > 0 ? "; " + left + " requests were still unanswered after "
            + DRAIN_MILLIS / 1000 + " s" : "; every request received was answered"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        out.flush();
        err.flush();
        stopped.countDown();
        // The JVM reports a SIGTERM as exit status 143 once the hooks are done; a drain that
        // answered every request is a normal end, so it ends with 0 here instead.
        Runtime.getRuntime().halt(Main.OK);
      }
    }, "recur-serve-shutdown"));
    out.println("recur: serving " + model.signature().experiment() + " on " + server.url());
    out.flush();
    stopped.await();
    return Main.OK;
  }

  private InferenceServer.Settings settings() {
    if (port < 0 || port > 65535) {
      throw new RecurException("--port must be from 0 to 65535, got " + port);
    }
    if (maxBatch < 1) {
      throw new RecurException("--max-batch must be 1 or more, got " + maxBatch);
    }
    if (!(maxDelayMs >= 0) || maxDelayMs > 10_000) {
      throw new RecurException("--max-delay-ms must be from 0 to 10000, got " + maxDelayMs);
    }
    if (queue < 1) {
      throw new RecurException("--queue must be 1 or more, got " + queue);
    }
    if (maxInputs < 1) {
      throw new RecurException("--max-inputs must be 1 or more, got " + maxInputs);
    }
    return new InferenceServer.Settings(host, port, maxBatch, (long) (maxDelayMs * 1e6), queue, bytes(maxBody),
        maxInputs);
  }

  /** {@code 1MiB}, {@code 512KiB}, {@code 4096}: binary units for KiB/MiB/GiB and K/M/G, decimal for KB/MB/GB. */
  static long bytes(String size) {
    Matcher m = SIZE.matcher(size.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new RecurException("--max-body " + size + ": expected a size such as 1MiB, 512KiB or 65536");
    }
    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KB" -> 1_000L;
      case "MB" -> 1_000_000L;
      case "GB" -> 1_000_000_000L;
      case "K", "KIB" -> 1L << 10;
      case "M", "MIB" -> 1L << 20;
      case "G", "GIB" -> 1L << 30;
      default -> 1L;
    };
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    if (value < 1 || value > Integer.MAX_VALUE - 8) {
      throw new RecurException("--max-body " + size + ": must be from 1 byte to 2 GiB");
    }
    return value;
  }

  /**
   * Runs a few batches of a made-up item before the server says it is ready, so the first
   * clients do not pay for the JIT and the model's buffers. An item the model takes is guessed
   * from its signature; a model for which no guess fits is served cold.
   */
  static void warmUp(RecurModel model, int maxBatch) {
    String item = sampleItem(model);
    if (item == null) {
      return;
    }
    for (int round = 0; round < 3; round++) {
      model.predictBatch(List.of(item));
      model.predictBatch(Collections.nCopies(Math.min(maxBatch, 64), item));
    }
  }

  private static String sampleItem(RecurModel model) {
    ModelSignature s = model.signature();
    int[] shape = s.inputShape();
    int steps = shape.length > 0 ? Math.max(1, shape[0]) : 1;
    List<String> candidates = new ArrayList<>();
    if (s.inputKind() == InputKind.NUMBERS) {
      int values = 1;
      for (int d : shape) {
        values = Math.multiplyExact(values, Math.max(1, d));
      }
      candidates.add(String.join(",", Collections.nCopies(values, "0")));
    } else {
      String symbol = s.vocabulary().stream()
          .filter(t -> t.codePointCount(0, t.length()) == 1 && !t.isBlank() && !Character.isISOControl(t.codePointAt(0)))
          .findFirst().orElse(null);
      if (symbol == null) {
        return null;
      }
      // a fixed-length model's items may be its input length less a start and an end symbol
      for (int length : new int[] {steps, steps - 1, steps - 2, 1}) {
        if (length >= 1) {
          candidates.add(symbol.repeat(length));
        }
      }
    }
    for (String c : candidates) {
      try {
        model.check(List.of(c));
        return c;
      } catch (InvalidItemException e) {
        // try the next guess
      }
    }
    return null;
  }
}
