package io.recur.spi;

/** Loads or generates a {@link Dataset}; registered by name ({@code dummy-string}, {@code tsv}). */
public interface DatasetFactory extends TypeFactory {
  /**
   * Called once per run. A file that cannot be read or a row that does not parse is a {@link
   * RecurException} naming the file and line and what was expected.
   */
  Dataset create(Params params, DataContext context);
}
