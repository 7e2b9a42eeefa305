package io.recur.spi;

import java.util.Map;

/** A loaded, encoded dataset split into parts. */
public interface Dataset {
  /** Conventional split names; {@link #splits()} uses these keys. */
  String TRAIN = "train";
  String VALIDATION = "val";
  String TEST = "test";

  DataSchema schema();

  /**
   * Non-empty splits by name, in the order train, val, test. {@link #TRAIN} is always present,
   * except in a dataset built with a saved schema ({@link DataContext#savedSchema()}), which is
   * only evaluated and may hold no training samples.
   */
  Map<String, Split> splits();

  /** A stable fingerprint of the data (e.g. sha256 of the encoded content) for provenance. */
  String fingerprint();

  /**
   * Reference scores that need no training, to print beside the model's: the majority class, a
   * seasonal-naive forecast, the decoding accuracy of a known generating HMM. Keys are {@code
   * <split>.<name>} ({@code test.majority-accuracy}); empty by default.
   */
  default Map<String, Double> baselines() {
    return Map.of();
  }

  /**
   * True when, in every split, sample w + 1 continues the sequence exactly where sample w ends
   * (a text corpus cut into back-to-back windows), so a trainer may carry the recurrent state
   * from one sample to the next ({@code training.carry_state}, issue 4). False by default.
   */
  default boolean consecutive() {
    return false;
  }
}
