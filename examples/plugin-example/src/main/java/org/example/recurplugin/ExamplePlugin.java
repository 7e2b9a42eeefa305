package org.example.recurplugin;

import io.recur.spi.CellFactory;
import io.recur.spi.DatasetFactory;
import io.recur.spi.LayerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The plugin's single entry point, named in {@code META-INF/services/io.recur.spi.RecurPlugin}.
 * It overrides only the kinds it contributes; Recur finds it with {@code ServiceLoader} in this
 * jar's own class loader and calls each method once, at start-up.
 */
public final class ExamplePlugin implements RecurPlugin {
  @Override
  public List<LayerFactory> layers() {
    return List.of(new AttentionPoolLayerFactory());
  }

  @Override
  public List<LossFactory> losses() {
    return List.of(new FocalLossFactory());
  }

  @Override
  public List<DatasetFactory> datasets() {
    return List.of(new FastaDatasetFactory());
  }

  @Override
  public List<CellFactory> cells() {
    return List.of(new MguCell.Factory());
  }
}
