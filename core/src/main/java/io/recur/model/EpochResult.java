package io.recur.model;

import java.util.Map;

/**
 * What one epoch produced.
 *
 * @param epoch 0-based epoch index
 * @param learningRate the learning rate used during the epoch
 * @param metrics {@code <split>.<metric>} → value ({@code train.loss}, {@code val.accuracy}), in
 *     table order
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochResult(int epoch, double learningRate, Map<String, Double> metrics, double seconds) {
  public EpochResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
