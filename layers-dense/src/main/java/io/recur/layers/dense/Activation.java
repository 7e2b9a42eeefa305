package io.recur.layers.dense;

import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * The element-wise and last-dimension activations shared by {@code dense} and {@code activation}.
 * Each is composed from {@link Tensor} ops, so its backward comes for free.
 */
enum Activation {
  IDENTITY("identity") {
    @Override Tensor apply(Tensor x) {
      return x;
    }
  },
  RELU("relu") {
    @Override Tensor apply(Tensor x) {
      return x.relu();
    }
  },
  TANH("tanh") {
    @Override Tensor apply(Tensor x) {
      return x.tanh();
    }
  },
  SIGMOID("sigmoid") {
    @Override Tensor apply(Tensor x) {
      return x.sigmoid();
    }
  },
  SOFTMAX("softmax") {
    @Override Tensor apply(Tensor x) {
      return x.softmax();
    }
  },
  LOG_SOFTMAX("log-softmax") {
    @Override Tensor apply(Tensor x) {
      return x.logSoftmax();
    }
  };

  private final String key;

  Activation(String key) {
    this.key = key;
  }

  /** The YAML word ({@code log-softmax}). */
  String key() {
    return key;
  }

  abstract Tensor apply(Tensor x);

  /** True for softmax and log-softmax, which normalise over the last (feature) dimension. */
  boolean normalisesLastDimension() {
    return this == SOFTMAX || this == LOG_SOFTMAX;
  }

  /** The YAML words in declaration order, for {@code ParamSpec.ofChoice}. */
  static String[] keys() {
    return Arrays.stream(values()).map(Activation::key).toArray(String[]::new);
  }

  /** The activation a validated choice names. */
  static Activation of(String key) {
    for (Activation a : values()) {
      if (a.key.equals(key)) {
        return a;
      }
    }
    // unreachable after validation against keys(); kept so a bad call fails loudly
    throw new IllegalArgumentException("unknown activation '" + key + "'; known: " + String.join(", ", keys()));
  }
}
