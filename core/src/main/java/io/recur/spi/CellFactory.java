package io.recur.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;

/**
 * Builds a {@link RecurrentCell} from validated params; registered by name ({@code lstm}, {@code
 * gru}, {@code rnn}, a plugin's own) through {@link RecurPlugin#cells()}. A registered cell is
 * used as {@code {type: recurrent, cell: NAME, …}} (its params go with it: {@code cell: {type:
 * NAME, …}}) and as the {@code cell} of an {@code encoder-decoder}.
 */
public interface CellFactory extends TypeFactory {
  /** Called once per layer that uses the cell, after validation; the cell must not keep {@code params}' mutable state. */
  RecurrentCell create(Params params);

  /** A factory from its parts, for cells whose factory has nothing else to say. */
  static CellFactory of(String name, String doc, List<ParamSpec<?>> params, Function<Params, RecurrentCell> create) {
    requireNonNull(name, "name is null");
    requireNonNull(doc, "doc is null");
    List<ParamSpec<?>> declared = List.copyOf(params);
    requireNonNull(create, "create is null");
    return new CellFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String doc() {
        return doc;
      }

      @Override
      public List<ParamSpec<?>> params() {
        return declared;
      }

      @Override
      public RecurrentCell create(Params p) {
        return create.apply(p);
      }

      @Override
      public String toString() {
        return "cell " + name;
      }
    };
  }
}
