package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.CellFactory;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import java.util.List;

/**
 * The cell a layer runs, built, with its type name, and checked once at build time so that a
 * plugin cell that declares an impossible layout fails with a message naming the layer and the
 * cell, never as an index error in the middle of a forward.
 */
record CellChoice(RecurrentCell cell, String name) {
  CellChoice {
    requireNonNull(cell, "cell is null");
    requireNonNull(name, "name is null");
  }

  /** The cell of a layer type named after it, built from the layer's own params. */
  static CellChoice of(CellFactory factory, Params params) {
    return new CellChoice(factory.create(params), factory.name());
  }

  /** A registered cell a {@code cell:} param names, built by the context. */
  static CellChoice of(TypedValue cell, BuildContext context) {
    return new CellChoice(context.cell(cell), cell.type());
  }

  /** @throws RecurException naming the layer and the cell when its declared layout cannot run */
  void check(BuildContext context, String layerType) {
    List<String> gates = cell.gates();
    String problem = null;
    if (gates == null || gates.isEmpty()) {
      problem = "declares no gate blocks; gates() must name at least one";
    } else if (cell.parameterNames() == null || cell.parameterNames().size() != 4) {
      problem = "parameterNames() must name the 4 weights (input weight, recurrent weight, input bias, recurrent"
          + " bias), got " + cell.parameterNames();
    } else if (cell.separateBlocks() < 0 || cell.separateBlocks() > gates.size()) {
      problem = "separateBlocks() must be in [0, " + gates.size() + "], got " + cell.separateBlocks();
    } else if (cell.savedBlocks() < 0) {
      problem = "savedBlocks() must be >= 0, got " + cell.savedBlocks();
    }
    if (problem != null) {
      throw new RecurException("layer '" + context.name() + "' (" + layerType + "): cell '" + name + "' " + problem);
    }
  }
}
