package io.recur.spi;

import io.recur.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/** Fills a parameter tensor in place. */
public interface Initializer {
  /**
   * @param fanIn inputs feeding each output unit (the {@code in} of a {@code [out, in]} weight)
   * @param fanOut outputs fed by each input unit
   */
  void initialize(Tensor parameter, int fanIn, int fanOut, RandomGenerator random);
}
