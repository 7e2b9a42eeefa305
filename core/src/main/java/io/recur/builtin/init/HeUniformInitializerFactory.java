package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** He (Kaiming) uniform for ReLU: U(−a, a) with a = √(6 / fan_in), like torch.nn.init.kaiming_uniform_(nonlinearity='relu'). */
public final class HeUniformInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "he-uniform";
  }

  @Override public String doc() {
    return "uniform on ±sqrt(6 / fan_in) (Kaiming uniform for ReLU)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Fill.uniform(tensor,
        Math.sqrt(6.0 / Fill.positiveFan(name(), "fan_in", fanIn, tensor)), random);
  }
}
