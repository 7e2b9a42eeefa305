package io.recur.export.onnx;

import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import java.util.List;

/** Recur's activation functions as ONNX nodes; softmax and log-softmax normalise the last axis, as Recur does. */
final class Activations {
  private Activations() {}

  /** {@code x} through {@code function} (Recur's activation key); identity adds no node. */
  static String apply(OnnxGraphBuilder g, String prefix, String function, String x) {
    return switch (function) {
      case "identity" -> x;
      case "relu" -> g.node("Relu", prefix, List.of(x));
      case "tanh" -> g.node("Tanh", prefix, List.of(x));
      case "sigmoid" -> g.node("Sigmoid", prefix, List.of(x));
      case "softmax" -> g.node("Softmax", prefix, List.of(x), Attribute.of("axis", -1L));
      case "log-softmax" -> g.node("LogSoftmax", prefix, List.of(x), Attribute.of("axis", -1L));
      default -> throw new IllegalArgumentException("activation '" + function + "' has no ONNX form");
    };
  }
}
