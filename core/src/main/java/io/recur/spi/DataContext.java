package io.recur.spi;

import java.nio.file.Path;
import org.apache.commons.math3.random.RandomGenerator;

/** What a dataset factory may use: where files are, and the seeded data stream. */
public interface DataContext {
  /** The folder of the experiment YAML; relative paths in the config resolve against it. */
  Path configDirectory();

  /** Where named datasets live ({@code --data-dir}, {@code RECUR_DATA}, or the user cache). */
  Path dataDirectory();

  /** The seeded stream for generating synthetic data and shuffling before splitting. */
  RandomGenerator random();
}
