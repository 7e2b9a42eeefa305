package io.recur.layers.dense;

import io.recur.layers.ensemble.EnsembleLayerFactory;
import io.recur.layers.ngram.NgramLayerFactory;
import io.recur.spi.LayerFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The built-in non-recurrent layers: {@code embedding}, {@code flatten}, {@code dense}, {@code
 * dropout}, {@code activation} and {@code time-distributed}, the {@code ensemble} of several
 * copies of a stack (package {@code io.recur.layers.ensemble}) and the counted {@code ngram} model
 * (package {@code io.recur.layers.ngram}). Registered through this module's
 * {@code META-INF/services/io.recur.spi.RecurPlugin}, exactly like a third-party plugin.
 */
public final class DenseLayersPlugin implements RecurPlugin {
  @Override
  public List<LayerFactory> layers() {
    return List.of(
        new EmbeddingLayerFactory(),
        new FlattenLayerFactory(),
        new DenseLayerFactory(),
        new DropoutLayerFactory(),
        new ActivationLayerFactory(),
        new TimeDistributedLayerFactory(),
        new EnsembleLayerFactory(),
        new NgramLayerFactory());
  }
}
