package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.Arrays;
import java.util.List;

/** All zeros (the usual bias initialiser). */
public final class ZerosInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "zeros";
  }

  @Override public String doc() {
    return "every value 0";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Arrays.fill(tensor.data(), 0f);
  }
}
