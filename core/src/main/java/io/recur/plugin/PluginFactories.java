package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.CellFactory;
import io.recur.spi.DataContext;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypeFactory;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry holds a plugin's factories wrapped, the way Trino wraps connectors in its {@code
 * ClassLoaderSafe*} classes: {@code create} runs with the plugin's class loader as the thread
 * context loader, and the wrapper remembers which plugin jar the type came from (for {@code
 * model.yaml}, {@code provenance.json} and {@code recur plugins}). {@code name}, {@code doc} and
 * {@code params} were read and checked once at load time and are answered from that snapshot.
 *
 * <p>What {@code create} returns (a layer, a dataset) is not wrapped: its methods are the hot path
 * and run with the caller's context loader.
 *
 * <p>NOTE: every method of a factory interface must be delegated here, or a plugin's override of
 * a newer default method would be silently lost; {@code PluginFactoriesTest} checks this by
 * reflection.
 */
@SuppressWarnings("try") // the context-loader resource is held, not referenced
final class PluginFactories {
  private PluginFactories() {}

  /** Implemented by every wrapper: the plugin's own factory and where it came from. */
  interface PluginType {
    TypeFactory delegate();

    PluginOrigin origin();
  }

  /** The origin of a registered factory, when a plugin (not a built-in) contributed it. */
  static Optional<PluginOrigin> origin(TypeFactory factory) {
    return factory instanceof PluginType p ? Optional.of(p.origin()) : Optional.empty();
  }

  /** What a factory declared, read once (with the plugin's context loader) and checked at load time. */
  record Declared(String name, String doc, List<ParamSpec<?>> params) {
    Declared {
      requireNonNull(name, "name is null");
      requireNonNull(doc, "doc is null");
      params = List.copyOf(params);
    }
  }

  /** {@code factory} wrapped for {@code kind}, answering {@code name/doc/params} from {@code declared}. */
  static TypeFactory wrap(Kind kind, TypeFactory factory, Declared declared, PluginOrigin origin, ClassLoader loader) {
    return switch (kind) {
      case LAYER -> new Layers((LayerFactory) factory, declared, origin, loader);
      case LOSS -> new Losses((LossFactory) factory, declared, origin, loader);
      case OPTIMIZER -> new Optimizers((OptimizerFactory) factory, declared, origin, loader);
      case METRIC -> new Metrics((MetricFactory) factory, declared, origin, loader);
      case DATASET -> new Datasets((DatasetFactory) factory, declared, origin, loader);
      case INITIALIZER -> new Initializers((InitializerFactory) factory, declared, origin, loader);
      case CELL -> new Cells((CellFactory) factory, declared, origin, loader);
    };
  }

  private abstract static class Wrapper<F extends TypeFactory> implements TypeFactory, PluginType {
    final F delegate;
    private final PluginOrigin origin;
    private final ClassLoader loader;
    private final Declared declared;

    Wrapper(F delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      this.delegate = requireNonNull(delegate, "delegate is null");
      this.declared = requireNonNull(declared, "declared is null");
      this.origin = requireNonNull(origin, "origin is null");
      this.loader = requireNonNull(loader, "loader is null");
    }

    final ThreadContextClassLoader pluginContext() {
      return new ThreadContextClassLoader(loader);
    }

    @Override
    public final String name() {
      return declared.name();
    }

    @Override
    public final String doc() {
      return declared.doc();
    }

    @Override
    public final List<ParamSpec<?>> params() {
      return declared.params();
    }

    @Override
    public final TypeFactory delegate() {
      return delegate;
    }

    @Override
    public final PluginOrigin origin() {
      return origin;
    }

    @Override
    public final String toString() {
      return delegate + " from " + origin.plugin().name();
    }
  }

  private static final class Layers extends Wrapper<LayerFactory> implements LayerFactory {
    Layers(LayerFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Layer create(Params params, BuildContext context) {
      try (var ignored = pluginContext()) {
        return delegate.create(params, context);
      }
    }
  }

  private static final class Losses extends Wrapper<LossFactory> implements LossFactory {
    Losses(LossFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Loss create(Params params) {
      try (var ignored = pluginContext()) {
        return delegate.create(params);
      }
    }
  }

  private static final class Optimizers extends Wrapper<OptimizerFactory> implements OptimizerFactory {
    Optimizers(OptimizerFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Optimizer create(Params params, Map<String, Tensor> parameters) {
      try (var ignored = pluginContext()) {
        return delegate.create(params, parameters);
      }
    }
  }

  private static final class Metrics extends Wrapper<MetricFactory> implements MetricFactory {
    Metrics(MetricFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Metric create(Params params, Loss loss) {
      try (var ignored = pluginContext()) {
        return delegate.create(params, loss);
      }
    }
  }

  private static final class Datasets extends Wrapper<DatasetFactory> implements DatasetFactory {
    Datasets(DatasetFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Dataset create(Params params, DataContext context) {
      try (var ignored = pluginContext()) {
        return delegate.create(params, context);
      }
    }
  }

  private static final class Initializers extends Wrapper<InitializerFactory> implements InitializerFactory {
    Initializers(InitializerFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public Initializer create(Params params) {
      try (var ignored = pluginContext()) {
        return delegate.create(params);
      }
    }
  }

  private static final class Cells extends Wrapper<CellFactory> implements CellFactory {
    Cells(CellFactory delegate, Declared declared, PluginOrigin origin, ClassLoader loader) {
      super(delegate, declared, origin, loader);
    }

    @Override
    public RecurrentCell create(Params params) {
      try (var ignored = pluginContext()) {
        return delegate.create(params);
      }
    }
  }
}
