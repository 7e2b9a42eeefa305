package io.recur.spi;


/**
 * Builds a {@link RecurrentCell} from validated params; registered by name ({@code lstm}, {@code
 * gru}, {@code rnn}, a plugin's own) through {@link RecurPlugin#cells()}. A registered cell is
 * used as {@code {type: recurrent, cell: NAME, …}} (its params go with it: {@code cell: {type:
 * NAME, …}}) and as the {@code cell} of an {@code encoder-decoder}.
 */
public interface CellFactory extends TypeFactory {
  /** Called once per layer that uses the cell, after validation; the cell must not keep {@code params}' mutable state. */
  RecurrentCell create(Params params);
}
