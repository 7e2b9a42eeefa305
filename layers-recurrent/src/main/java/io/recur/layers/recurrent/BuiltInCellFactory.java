package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.CellFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurrentCell;
import java.util.List;
import java.util.function.Function;

/** The registered type of a built-in cell: its name, doc, params and how to build it. */
record BuiltInCellFactory(String name, String doc, List<ParamSpec<?>> params, Function<Params, RecurrentCell> build)
    implements CellFactory {
  BuiltInCellFactory {
    requireNonNull(name, "name is null");
    requireNonNull(doc, "doc is null");
    params = List.copyOf(params);
    requireNonNull(build, "build is null");
  }

  @Override
  public RecurrentCell create(Params p) {
    return build.apply(p);
  }
}
