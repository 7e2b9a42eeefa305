package io.recur.layers.recurrent;

import io.recur.spi.CellFactory;
import io.recur.spi.LayerFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The built-in cells {@code rnn}, {@code lstm} and {@code gru} ({@link RnnCell}, {@link LstmCell},
 * {@link GruCell}), the recurrent layers named after them and {@code recurrent}, which runs any
 * registered cell (see {@link RecurrentLayerFactory}), and the {@code encoder-decoder} (see {@link
 * EncoderDecoderLayerFactory}). Registered through this module's {@code
 * META-INF/services/io.recur.spi.RecurPlugin}, exactly like a third-party plugin; a new built-in
 * cell is one class and one line in {@link #cells()} (and, for a layer type of its own name, one in
 * {@link #layers()}).
 */
public final class RecurrentLayersPlugin implements RecurPlugin {
  @Override
  public List<LayerFactory> layers() {
    return List.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru(),
        RecurrentLayerFactory.recurrent(), new EncoderDecoderLayerFactory());
  }

  @Override
  public List<CellFactory> cells() {
    return List.of(RnnCell.factory(), LstmCell.factory(), GruCell.factory());
  }
}
