package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * Glorot (Xavier) normal: N(0, 2 / (fan_in + fan_out)), like torch.nn.init.xavier_normal_ (not
 * truncated, unlike Keras' glorot_normal).
 */
public final class GlorotNormalInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "glorot-normal";
  }

  @Override public String doc() {
    return "normal with std sqrt(2 / (fan_in + fan_out)) (Xavier normal)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Fill.normal(tensor, 0,
        Math.sqrt(2.0 / Fill.positiveFan(name(), "fan_in + fan_out", fanIn + fanOut, tensor)), random);
  }
}
