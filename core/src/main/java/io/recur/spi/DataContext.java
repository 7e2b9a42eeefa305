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

  /**
   * The schema of a saved model whose encoding the data must use, or {@code null} (training, and
   * every other use) when the dataset builds its own from its training split.
   *
   * <p>When non-null ({@code recur evaluate} of a saved model on some data), the dataset must
   * encode with this schema instead of building its own: the codec's vocabulary, tokenizer and
   * preparation ({@link TextCodec#tokens(String)}, {@link TextCodec#ids}, {@link
   * TextPreparation}), the class list by name, and the normalization. Another dataset's own
   * vocabulary would give the same token or class another id, and the model's numbers would be
   * silently wrong. A token the vocabulary cannot represent (when it has no {@code <unk>}) or a
   * label outside the classes is a {@link RecurException} naming the file, the line (1-based) and
   * the token or label. With a saved schema the training split may be empty (e.g. {@code split:
   * [0, 0, 1]}): nothing is fitted on it.
   *
   * <p>A dataset that ignores this is still safe: the engine compares the schema it gives with the
   * model's and refuses data encoded differently.
   */
  default DataSchema savedSchema() {
    return null;
  }
}
