package io.recur.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test split's metrics, scored once after training ({@code training.evaluate_test: end}) with
 * the weights {@code model/} holds, and where those weights come from. Tables, metrics.jsonl and
 * the report all describe it with {@link #source()}, so a test number never looks like an epoch's.
 *
 * @param epoch the 0-based epoch whose weights were scored
 * @param monitor the early-stopping monitor that chose that epoch ({@code val.loss}), or null when
 *     it is simply the last epoch
 * @param metrics {@code test.<metric>} → value, in table order
 */
public record FinalTest(int epoch, String monitor, Map<String, Double> metrics) {
  public FinalTest {
    requireNonNull(metrics, "metrics is null");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Where the numbers come from, for people: {@code scored once after training, with the weights
   * of epoch 4, the best by val.loss}.
   */
  public String source() {
    return "scored once after training, with the weights of epoch " + EpochNumbers.shown(epoch)
        + (monitor == null ? ", the last" : ", the best by " + monitor);
  }
}
