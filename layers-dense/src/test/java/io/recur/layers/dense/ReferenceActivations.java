package io.recur.layers.dense;

/** The activations written out in double precision, one row at a time, to hold the layers against. */
final class ReferenceActivations {
  private ReferenceActivations() {}

  static double[] apply(String function, double[] z) {
    double[] y = new double[z.length];
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sumExp = 0;
    for (double v : z) {
      sumExp += Math.exp(v - max);
    }
    for (int j = 0; j < z.length; j++) {
      y[j] = switch (function) {
        case "identity" -> z[j];
        case "relu" -> Math.max(0, z[j]);
        case "tanh" -> Math.tanh(z[j]);
        case "sigmoid" -> 1 / (1 + Math.exp(-z[j]));
        case "softmax" -> Math.exp(z[j] - max) / sumExp;
        case "log-softmax" -> z[j] - max - Math.log(sumExp);
        default -> throw new IllegalArgumentException("no reference for '" + function + "'");
      };
    }
    return y;
  }
}
