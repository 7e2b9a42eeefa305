package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** N(mean, std²), like torch.nn.init.normal_. */
public final class NormalInitializerFactory implements InitializerFactory {
  static final ParamSpec<Double> MEAN = ParamSpec.ofDouble("mean").byDefault(0.0).doc("mean of the normal distribution");
  static final ParamSpec<Double> STD = ParamSpec.ofDouble("std").above(0).byDefault(0.05)
      .doc("standard deviation of the normal distribution");

  @Override public String name() {
    return "normal";
  }

  @Override public String doc() {
    return "normal with the given mean and standard deviation";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(MEAN, STD);
  }

  @Override public Initializer create(Params params) {
    double mean = params.get(MEAN);
    double std = params.get(STD);
    return (tensor, fanIn, fanOut, random) -> Fill.normal(tensor, mean, std, random);
  }
}
