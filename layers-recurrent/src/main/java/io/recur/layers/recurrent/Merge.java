package io.recur.layers.recurrent;

import io.recur.tensor.Tensor;
import java.util.Locale;

/** How the two directions of a bidirectional layer's top outputs combine ({@code merge:}). */
enum Merge {
  /** {@code [forward | backward]}: 2H features, PyTorch's layout. */
  CONCAT,
  /** {@code forward + backward}: H features. */
  SUM,
  /** {@code forward ⊙ backward}: H features. */
  MUL,
  /** {@code (forward + backward) / 2}: H features. */
  AVERAGE;

  /** The YAML word: {@code concat}, {@code sum}, {@code mul}, {@code average}. */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String[] keys() {
    Merge[] all = values();
    String[] keys = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      keys[i] = all[i].key();
    }
    return keys;
  }

  static Merge of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  /** Directions a merged output keeps side by side: 2 for concat, else 1. */
  int width() {
    return this == CONCAT ? 2 : 1;
  }

  Tensor apply(Tensor forward, Tensor backward) {
    return switch (this) {
      case CONCAT -> Tensor.concatLast(forward, backward);
      case SUM -> forward.add(backward);
      case MUL -> forward.mul(backward);
      case AVERAGE -> forward.add(backward).scale(0.5f);
    };
  }
}
