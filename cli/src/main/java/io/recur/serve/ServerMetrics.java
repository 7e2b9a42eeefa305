package io.recur.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a running server, written in the Prometheus text format for {@code GET /metrics}:
 * requests by endpoint and status, items predicted, errors, forward-pass sizes and request
 * latency. A handful of lines written by hand; no metrics library for that.
 */
final class ServerMetrics {
  private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10};
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  /** Requests by "endpoint status". */
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder items = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Histogram latency = new Histogram(LATENCY_BUCKETS);
  private final Histogram batches = new Histogram(BATCH_BUCKETS);

  /** A finished request; {@code items} are the items answered (0 for anything but a prediction). */
  void request(String endpoint, int status, int itemCount, long nanos) {
    requests.computeIfAbsent(endpoint + " " + status, k -> new LongAdder()).increment();
    items.add(itemCount);
    if (status >= 400) {
      errors.increment();
    }
    latency.observe(nanos / 1e9);
  }

  /** One forward pass of {@code size} items. */
  void batch(int size) {
    batches.observe(size);
  }

  String prometheus(int queued, int queueCapacity) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP recur_requests_total HTTP requests answered, by endpoint and status.\n");
    b.append("# TYPE recur_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      String[] key = e.getKey().split(" ");
      b.append("recur_requests_total{endpoint=\"").append(key[0]).append("\",status=\"").append(key[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    b.append("# HELP recur_items_total Items answered by POST /v1/predict.\n");
    b.append("# TYPE recur_items_total counter\n");
    b.append("recur_items_total ").append(items.sum()).append('\n');
    b.append("# HELP recur_errors_total Requests answered with a 4xx or 5xx status.\n");
    b.append("# TYPE recur_errors_total counter\n");
    b.append("recur_errors_total ").append(errors.sum()).append('\n');
    b.append("# HELP recur_queue_requests Requests waiting for a batch.\n");
    b.append("# TYPE recur_queue_requests gauge\n");
    b.append("recur_queue_requests ").append(queued).append('\n');
    b.append("# TYPE recur_queue_capacity gauge\n");
    b.append("recur_queue_capacity ").append(queueCapacity).append('\n');
    batches.write(b, "recur_batch_size", "Items per forward pass.");
    latency.write(b, "recur_request_duration_seconds", "Time from a request's arrival to its answer.");
    return b.toString();
  }

  /** Cumulative buckets, as Prometheus wants them: each counts every observation up to its bound. */
  private static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      // one more for the observations above every bound
      this.counts = new LongAdder[bounds.length + 1];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double v) {
      int i = 0;
      while (i < bounds.length && v > bounds[i]) {
        i++;
      }
      counts[i].increment();
      sum.add(v);
    }

    void write(StringBuilder b, String name, String help) {
      b.append("# HELP ").append(name).append(' ').append(help).append('\n');
      b.append("# TYPE ").append(name).append(" histogram\n");
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts[i].sum();
        b.append(name).append("_bucket{le=\"").append(number(bounds[i])).append("\"} ").append(cumulative).append('\n');
      }
      cumulative += counts[bounds.length].sum();
      b.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
      b.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      b.append(name).append("_count ").append(cumulative).append('\n');
    }

    private static String number(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
  }
}
