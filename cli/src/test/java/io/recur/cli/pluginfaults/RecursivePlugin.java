package io.recur.cli.pluginfaults;

import io.recur.spi.LossFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/** A plugin whose {@code losses()} never returns: it overflows the stack while Recur registers it. */
public final class RecursivePlugin implements RecurPlugin {
  private int depth;

  @Override
  public List<LossFactory> losses() {
    depth++;
    return depth > 0 ? losses() : List.of();
  }
}
