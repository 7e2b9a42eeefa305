package io.recur.datasets;

import io.recur.datasets.synthetic.DummyStringDatasetFactory;
import io.recur.datasets.tabular.DelimitedDatasetFactory;
import io.recur.spi.DatasetFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The built-in dataset providers, registered through {@code META-INF/services} exactly like a
 * third-party plugin.
 */
public final class DatasetsPlugin implements RecurPlugin {
  @Override
  public List<DatasetFactory> datasets() {
    return List.of(new DummyStringDatasetFactory(), DelimitedDatasetFactory.tsv(), DelimitedDatasetFactory.csv());
  }
}
