package io.recur.spi;

import com.google.inject.Module;
import java.util.List;

/**
 * The single entry point of a plugin jar, found with {@link java.util.ServiceLoader} through a
 * one-line {@code META-INF/services/io.recur.spi.RecurPlugin}. Built-in modules register the
 * same way. Every method is a default returning nothing, so a plugin overrides only what it
 * contributes and adding a kind never breaks old plugins. Called once, at start-up, by the
 * registry; names must be unique per kind across every plugin and the built-ins.
 */
public interface RecurPlugin {
  /**
   * The current SPI version; plugin jars carry the one they were built against in their manifest.
   *
   * <p>2 added {@link OutputKind} and {@link Loss#outputKind()}, {@link TextPreparation}, {@link
   * DataContext#savedSchema()}, {@link BuildContext#outputSize()} and {@link ParamSpec#check}, all
   * as defaults or new types: plugins built against 1 still load, and a plugin built against 2
   * (which may call them) is refused by a Recur of SPI 1 at load instead of failing mid-run.
   *
   * <p>3 added recurrent cells and the shared file helpers of {@code io.recur.io} (plugins of 1
   * and 2 still load), and moved the trial-executor contract into {@code io.recur.spi.sweep} with
   * plain trials and results: a trial executor must be built against 3.
   */
  int SPI_VERSION = 3;

  default List<LayerFactory> layers() {
    return List.of();
  }

  default List<LossFactory> losses() {
    return List.of();
  }

  default List<OptimizerFactory> optimizers() {
    return List.of();
  }

  default List<MetricFactory> metrics() {
    return List.of();
  }

  default List<DatasetFactory> datasets() {
    return List.of();
  }

  default List<InitializerFactory> initializers() {
    return List.of();
  }

  /**
   * Recurrent cells ({@link CellFactory}), usable as {@code {type: recurrent, cell: NAME}} and as
   * an encoder–decoder's {@code cell}, with every option of the built-in recurrent layers.
   */
  default List<CellFactory> cells() {
    return List.of();
  }

  /** Guice modules installed into every experiment injector, to bind the plugin's own services. */
  default List<Module> guiceModules() {
    return List.of();
  }
}
