package io.recur.layers.recurrent;

import io.recur.spi.LayerFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The built-in recurrent layers {@code rnn}, {@code lstm} and {@code gru} (see {@link
 * RecurrentLayerFactory}) and the {@code encoder-decoder} built from them (see {@link
 * EncoderDecoderLayerFactory}). Registered through this module's {@code
 * META-INF/services/io.recur.spi.RecurPlugin}, exactly like a third-party plugin.
 */
public final class RecurrentLayersPlugin implements RecurPlugin {
  @Override
  public List<LayerFactory> layers() {
    return List.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru(),
        new EncoderDecoderLayerFactory());
  }
}
