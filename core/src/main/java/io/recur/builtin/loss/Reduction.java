package io.recur.builtin.loss;

import io.recur.spi.ParamSpec;
import java.util.Locale;

/** How a loss combines its per-element terms, PyTorch's {@code reduction=} argument. */
public enum Reduction {
  /** Sum divided by the number of unmasked terms. */
  MEAN,
  /** Plain sum over the unmasked terms. */
  SUM;

  /** Shared by every built-in loss, so the YAML key and its doc read the same everywhere. */
  static final ParamSpec<String> SPEC = ParamSpec.ofChoice("reduction", "mean", "sum").byDefault("mean")
      .doc("mean: divide by the number of unmasked terms; sum: add them up");

  static Reduction of(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** The word used in YAML. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
