package io.recur.cli.pluginfaults;

import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurPlugin;
import java.util.List;

/** A plugin whose loss needs a class its jar leaves out: the first use, in {@code create()}, fails. */
public final class MissingDependencyPlugin implements RecurPlugin {
  @Override
  public List<LossFactory> losses() {
    return List.of(new LossFactory() {
      @Override public String name() {
        return "needs-a-dependency";
      }

      @Override public String doc() {
        return "fails in create(): its helper class is not in the jar";
      }

      @Override public List<ParamSpec<?>> params() {
        return List.of();
      }

      @Override public Loss create(Params params) {
        return new MissingHelper().loss();
      }
    });
  }
}
