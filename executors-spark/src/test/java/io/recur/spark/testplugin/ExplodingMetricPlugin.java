package io.recur.spark.testplugin;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurPlugin;
import io.recur.tensor.Tensor;
import java.util.List;

/**
 * A plugin for the failure test: metric {@code exploding} throws an IllegalStateException (an
 * internal failure, not a RecurException) on its first batch when {@code fail: true}, on every
 * attempt, the way a bug in a plugin would.
 */
public final class ExplodingMetricPlugin implements RecurPlugin {
  static final ParamSpec<Boolean> FAIL = ParamSpec.ofBoolean("fail").byDefault(false).doc("throw on the first batch");

  @Override
  public List<MetricFactory> metrics() {
    return List.of(new MetricFactory() {
      @Override
      public String name() {
        return "exploding";
      }

      @Override
      public String doc() {
        return "throws when fail is true (a test of failing trials)";
      }

      @Override
      public List<ParamSpec<?>> params() {
        return List.of(FAIL);
      }

      @Override
      public Metric create(Params params, Loss loss) {
        boolean fail = params.get(FAIL);
        return new Metric() {
          @Override
          public String label() {
            return "exploding";
          }

          @Override
          public boolean higherIsBetter() {
            return false;
          }

          @Override
          public Accumulator newAccumulator() {
            return new Accumulator() {
              @Override
              public void update(Tensor output, Tensor target, Tensor mask) {
                if (fail) {
                  throw new IllegalStateException("the exploding metric exploded");
                }
              }

              @Override
              public double result() {
                return 0;
              }
            };
          }
        };
      }
    });
  }
}
