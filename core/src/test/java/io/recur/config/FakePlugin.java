package io.recur.config;

import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
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
import io.recur.spi.RecurPlugin;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Small stand-ins for the built-in types, declared only as far as config validation sees them
 * (name, doc, params), so these tests do not depend on the real layers and losses. Nothing here
 * is ever created.
 */
final class FakePlugin implements RecurPlugin {
  static Registry registry() {
    return Registry.builder().add(new FakePlugin(), "test").build();
  }

  static final ParamSpec<Integer> UNITS = ParamSpec.ofInt("units").min(1).doc("output features");
  static final ParamSpec<String> ACTIVATION = ParamSpec.ofChoice("activation", "linear", "relu", "tanh", "sigmoid",
      "softmax").byDefault("linear").doc("applied to the output");
  static final ParamSpec<Double> DROPOUT = ParamSpec.ofDouble("dropout").range(0, 1).byDefault(0.0).doc("drop rate");
  static final ParamSpec<TypedValue> KERNEL_INIT = ParamSpec.ofTyped("kernel_init", Kind.INITIALIZER)
      .byDefault(TypedValue.of(Kind.INITIALIZER, "glorot-uniform", Params.empty())).doc("initialiser of W");
  static final ParamSpec<Double> RANGE = ParamSpec.ofDouble("range").above(0).byDefault(0.05).doc("half width");
  static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0).doc("step size");
  static final ParamSpec<List<Double>> SPLIT =
      ParamSpec.ofDoubleList("split").range(0, 1).byDefault(List.of(0.8, 0.1, 0.1)).doc("train, val, test fractions");

  @Override
  public List<LayerFactory> layers() {
    ParamSpec<Integer> stacked = ParamSpec.ofInt("layers").min(1).byDefault(1).doc("stacked layers");
    ParamSpec<Boolean> bidirectional = ParamSpec.ofBoolean("bidirectional").byDefault(false).doc("both directions");
    return List.of(
        new FakeLayer("dense", "fully connected", List.of(UNITS, ACTIVATION, DROPOUT, KERNEL_INIT)),
        new FakeLayer("embedding", "learned vectors", List.of(ParamSpec.ofInt("vocab").min(1).doc("symbols"), UNITS)),
        new FakeLayer("gru", "gated recurrent unit", List.of(UNITS, stacked, bidirectional)),
        new FakeLayer("lstm", "long short-term memory", List.of(UNITS, stacked, bidirectional, DROPOUT)),
        new FakeLayer("rnn", "Elman network", List.of(UNITS, stacked)));
  }

  @Override
  public List<InitializerFactory> initializers() {
    return List.of(
        new FakeInitializer("glorot-uniform", "Glorot & Bengio", List.of()),
        new FakeInitializer("uniform", "U(-range, range)", List.of(RANGE)),
        new FakeInitializer("zeros", "all zero", List.of()));
  }

  @Override
  public List<DatasetFactory> datasets() {
    return List.of(
        new FakeDataset("dummy-string", "random strings", List.of(
            ParamSpec.ofInt("length").min(1).byDefault(10).doc("characters per string"),
            SPLIT,
            ParamSpec.ofString("alphabet").byDefault("ab").doc("symbols to draw from"),
            ParamSpec.ofIntList("lengths").min(1).optional().doc("allowed lengths"))),
        new FakeDataset("tsv", "labelled sequences", List.of(
            ParamSpec.ofString("path").doc("file relative to the config"),
            ParamSpec.ofStringList("columns").byDefault(List.of("text", "label")).doc("column names"))));
  }

  @Override
  public List<LossFactory> losses() {
    return List.of(
        new FakeLoss("bce", "binary cross-entropy", List.of()),
        new FakeLoss("cross-entropy", "softmax cross-entropy", List.of(
            ParamSpec.ofDouble("label_smoothing").range(0, 1).byDefault(0.0).doc("mass moved to other classes"))));
  }

  @Override
  public List<OptimizerFactory> optimizers() {
    return List.of(
        new FakeOptimizer("adam", "Kingma & Ba", List.of(
            LEARNING_RATE.byDefault(0.001),
            ParamSpec.ofDouble("beta1").range(0, 1).byDefault(0.9).doc("first moment decay"))),
        new FakeOptimizer("sgd", "plain gradient descent", List.of(
            LEARNING_RATE,
            ParamSpec.ofDouble("momentum").min(0).byDefault(0.0).doc("heavy-ball momentum"))));
  }

  @Override
  public List<MetricFactory> metrics() {
    return List.of(
        new FakeMetric("accuracy", "fraction correct", List.of()),
        new FakeMetric("top-k-accuracy", "target among the k best", List.of(
            ParamSpec.ofInt("k").min(1).byDefault(5).doc("how many guesses count"))));
  }

  private static UnsupportedOperationException notBuilt() {
    return new UnsupportedOperationException("config tests only validate");
  }

  record FakeLayer(String name, String doc, List<ParamSpec<?>> params) implements LayerFactory {
    @Override
    public Layer create(Params params, BuildContext context) {
      throw notBuilt();
    }
  }

  record FakeInitializer(String name, String doc, List<ParamSpec<?>> params) implements InitializerFactory {
    @Override
    public Initializer create(Params params) {
      throw notBuilt();
    }
  }

  record FakeDataset(String name, String doc, List<ParamSpec<?>> params) implements DatasetFactory {
    @Override
    public Dataset create(Params params, DataContext context) {
      throw notBuilt();
    }
  }

  record FakeLoss(String name, String doc, List<ParamSpec<?>> params) implements LossFactory {
    @Override
    public Loss create(Params params) {
      throw notBuilt();
    }
  }

  record FakeOptimizer(String name, String doc, List<ParamSpec<?>> params) implements OptimizerFactory {
    @Override
    public Optimizer create(Params params, Map<String, Tensor> parameters) {
      throw notBuilt();
    }
  }

  record FakeMetric(String name, String doc, List<ParamSpec<?>> params) implements MetricFactory {
    @Override
    public Metric create(Params params, Loss loss) {
      throw notBuilt();
    }
  }
}
