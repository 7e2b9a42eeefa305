package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * U(−1/√fan_in, 1/√fan_in): PyTorch's default for {@code nn.Linear} weights and biases
 * (kaiming_uniform_ with a = √5 works out to this bound) and, with fan_in = hidden size, for every
 * weight of {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU}.
 */
public final class UniformFanInInitializerFactory implements InitializerFactory {
  @Override public String name() {
    return "uniform-fan-in";
  }

  @Override public String doc() {
    return "uniform on ±1/sqrt(fan_in), PyTorch's default for Linear and RNN weights";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Initializer create(Params params) {
    return (tensor, fanIn, fanOut, random) -> Fill.uniform(tensor,
        1.0 / Math.sqrt(Fill.positiveFan(name(), "fan_in", fanIn, tensor)), random);
  }
}
