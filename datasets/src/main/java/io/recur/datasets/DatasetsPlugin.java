package io.recur.datasets;

import io.recur.datasets.series.SeriesDatasetFactory;
import io.recur.datasets.synthetic.AdditionDatasetFactory;
import io.recur.datasets.synthetic.CopyTaskDatasetFactory;
import io.recur.datasets.synthetic.DummyStringDatasetFactory;
import io.recur.datasets.synthetic.HmmDnaDatasetFactory;
import io.recur.datasets.synthetic.SinusoidDatasetFactory;
import io.recur.datasets.tabular.DelimitedDatasetFactory;
import io.recur.datasets.text.LabelledFilesDatasetFactory;
import io.recur.datasets.text.TextDatasetFactory;
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
    return List.of(new DummyStringDatasetFactory(), new HmmDnaDatasetFactory(), DelimitedDatasetFactory.tsv(),
        DelimitedDatasetFactory.csv(), new TextDatasetFactory(), new LabelledFilesDatasetFactory(),
        new SeriesDatasetFactory(), new SinusoidDatasetFactory(), CopyTaskDatasetFactory.copy(),
        CopyTaskDatasetFactory.reverse(), new AdditionDatasetFactory());
  }
}
