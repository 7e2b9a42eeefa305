package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** He (Kaiming) normal for ReLU: N(0, 2 / fan_in), like torch.nn.init.kaiming_normal_(nonlinearity='relu'). */
public final class HeNormalInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "he-normal";
  }

  @Override public String doc() {
    return "normal with std sqrt(2 / fan_in) (Kaiming normal for ReLU)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Fill.normal(tensor, 0,
        Math.sqrt(2.0 / Fill.positiveFan(name(), "fan_in", fanIn, tensor)), random);
  }
}
