package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.Arrays;
import java.util.List;

/** Every value the same constant, like torch.nn.init.constant_. */
public final class ConstantInitializerFactory implements InitializerFactory {
  static final ParamSpec<Double> VALUE = ParamSpec.ofDouble("value").doc("the value every element gets");

  @Override public String name() {
    return "constant";
  }

  @Override public String doc() {
    return "every value the given constant";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(VALUE);
  }

  @Override public Initializer create(Params params) {
    float value = params.get(VALUE).floatValue();
    return (tensor, fanIn, fanOut, random) -> Arrays.fill(tensor.data(), value);
  }
}
