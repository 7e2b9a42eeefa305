package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fan_in + fan_out)), like torch.nn.init.xavier_uniform_. */
public final class GlorotUniformInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "glorot-uniform";
  }

  @Override public String doc() {
    return "uniform on ±sqrt(6 / (fan_in + fan_out)) (Xavier uniform)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Fill.uniform(tensor,
        Math.sqrt(6.0 / Fill.positiveFan(name(), "fan_in + fan_out", fanIn + fanOut, tensor)), random);
  }
}
