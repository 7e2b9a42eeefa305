package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** U(−range, range), like torch.nn.init.uniform_(t, −range, range). */
public final class UniformInitializerFactory implements InitializerFactory {
  static final ParamSpec<Double> RANGE = ParamSpec.ofDouble("range").above(0).byDefault(0.05)
      .doc("values are drawn uniformly from [-range, range]");

  @Override public String name() {
    return "uniform";
  }

  @Override public String doc() {
    return "uniform on [-range, range]";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(RANGE);
  }

  @Override public Initializer create(Params params) {
    double range = params.get(RANGE);
    return (tensor, fanIn, fanOut, random) -> Fill.uniform(tensor, range, random);
  }
}
