package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.Map;

/** Builds an {@link Optimizer} over a model's named parameters; registered by name ({@code adam}). */
public interface OptimizerFactory extends TypeFactory {
  /** @param parameters the model's parameters in their fixed order, by full name */
  Optimizer create(Params params, Map<String, Tensor> parameters);
}
