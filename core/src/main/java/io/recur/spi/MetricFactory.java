package io.recur.spi;

/** Builds a {@link Metric}. The engine passes the experiment's loss so the {@code loss} metric can use it. */
public interface MetricFactory extends TypeFactory {
  Metric create(Params params, Loss loss);
}
