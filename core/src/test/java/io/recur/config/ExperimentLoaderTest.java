package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.Kind;
import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {
  private static final Path DIR = Path.of("src/test/resources/config");

  private final ExperimentLoader loader = new ExperimentLoader(FakePlugin.registry());

  private ExperimentSpec load(String file, String... overrides) {
    return loader.load(DIR.resolve(file), List.of(overrides));
  }

  @Test
  void loadsAValidExperiment() {
    ExperimentSpec spec = load("valid.yaml");
    assertEquals(DIR.resolve("valid.yaml"), spec.source());
    assertEquals("tiny", spec.name());
    assertEquals(7, spec.seed());
    assertEquals("dummy-string", spec.data().type());
    assertEquals(Kind.DATASET, spec.data().kind());
    assertEquals(12, spec.data().params().asMap().get("length"));
    assertEquals(List.of("embedding", "lstm", "dense"), spec.layers().stream().map(TypedValue::type).toList());
    assertEquals("adam", spec.optimizer().type());
    assertEquals(0.01, spec.optimizer().params().asMap().get("learning_rate"));
    assertEquals(3, spec.training().get(TrainingParams.EPOCHS));
    assertEquals(List.of("accuracy", "top-k-accuracy"), spec.metrics().stream().map(TypedValue::type).toList());
    assertEquals(2, spec.metrics().get(1).params().asMap().get("k"));
  }

  @Test
  void layersWithoutANameAreNamedByTypeAndIndex() {
    assertEquals(List.of("embedding_0", "enc", "dense_2"), load("valid.yaml").layers().stream().map(TypedValue::name).toList());
  }

  @Test
  void typedValuesRememberWhereTheyWereWritten() {
    assertEquals(DIR.resolve("valid.yaml") + ":12:7", load("valid.yaml").layers().get(1).location());
  }

  @Test
  void fillsEveryDefault() {
    ExperimentSpec spec = load("minimal.yaml");
    assertEquals(1, spec.seed());
    assertEquals(Map.of("length", 10, "split", List.of(0.8, 0.1, 0.1), "alphabet", "ab"),
        withoutNulls(spec.data().params()));
    assertNull(spec.data().params().asMap().get("lengths"), "an optional param without a default stays unset");
    assertEquals("sequential", spec.model().get(ModelParams.TYPE));
    TypedValue dense = spec.layers().get(0);
    assertEquals("dense_0", dense.name());
    assertEquals(List.of("units", "activation", "dropout", "kernel_init"), List.copyOf(dense.params().asMap().keySet()));
    assertEquals("linear", dense.params().get(FakePlugin.ACTIVATION));
    assertEquals(0.0, dense.params().get(FakePlugin.DROPOUT));
    TypedValue init = dense.params().get(FakePlugin.KERNEL_INIT);
    assertEquals(Kind.INITIALIZER, init.kind());
    assertEquals("glorot-uniform", init.type());
    assertEquals(Params.empty(), init.params());
    assertEquals(Map.of("learning_rate", 0.001, "beta1", 0.9), spec.optimizer().params().asMap());
    assertEquals(10, spec.training().get(TrainingParams.EPOCHS));
    assertEquals(32, spec.training().get(TrainingParams.BATCH_SIZE));
    assertEquals(true, spec.training().get(TrainingParams.SHUFFLE));
    assertNull(spec.training().get(TrainingParams.CLIP_NORM));
    assertEquals(1, spec.training().get(TrainingParams.THREADS));
    assertEquals(List.of(), spec.metrics());
  }

  @Test
  void aTypedDefaultGetsItsOwnDefaults() {
    TypedValue init = load("minimal.yaml", "model.layers[0].kernel_init=uniform").layers().get(0)
        .params().get(FakePlugin.KERNEL_INIT);
    assertEquals("uniform", init.type());
    assertEquals(0.05, init.params().get(FakePlugin.RANGE));
  }

  @Test
  void acceptsExponentNotationAndIntegersForNumbers() {
    ExperimentSpec spec = load("exponent.yaml");
    assertEquals(0.001, spec.optimizer().params().get(FakePlugin.LEARNING_RATE));
    Object momentum = spec.optimizer().params().asMap().get("momentum");
    assertEquals(Double.class, momentum.getClass(), "an integer given for a number resolves to a Double");
    assertEquals(2.0, momentum);
    assertEquals(5.0, spec.training().get(TrainingParams.CLIP_NORM));
  }

  @Test
  void extendsMergesMapsAndReplacesListsAndScalars() {
    ExperimentSpec spec = load("extends/child.yaml");
    assertEquals("child", spec.name());
    assertEquals(7, spec.seed(), "inherited from the base");
    assertEquals("adam", spec.optimizer().type(), "the type comes from the base map");
    assertEquals(0.05, spec.optimizer().params().asMap().get("learning_rate"));
    assertEquals(3, spec.training().get(TrainingParams.EPOCHS), "the base's training keys stay");
    assertEquals(4, spec.training().get(TrainingParams.BATCH_SIZE));
    assertEquals(List.of("accuracy"), spec.metrics().stream().map(TypedValue::type).toList(), "lists are replaced");
    assertEquals(3, spec.layers().size());
    assertEquals(DIR.resolve("extends/child.yaml"), spec.source());
  }

  @Test
  void extendsChainsAndAMapOfAnotherTypeReplacesTheBaseMap() {
    ExperimentSpec spec = load("extends/grandchild.yaml");
    assertEquals("child", spec.name());
    assertEquals(4, spec.training().get(TrainingParams.BATCH_SIZE));
    assertEquals(0.1, spec.loss().params().asMap().get("label_smoothing"), "a bare base name merges with a map");
    assertEquals("sgd", spec.optimizer().type());
    assertEquals(Map.of("learning_rate", 0.2, "momentum", 0.0), spec.optimizer().params().asMap(),
        "adam's beta1 from the base does not leak into sgd");
  }

  @Test
  void setReplacesScalarsAndListElements() {
    ExperimentSpec spec = load("valid.yaml", "optimizer.learning_rate=0.5", "model.layers[1].units=64",
        "training.epochs=1", "seed=11", "data.split=[0.5, 0.25, 0.25]");
    assertEquals(0.5, spec.optimizer().params().asMap().get("learning_rate"));
    assertEquals(64, spec.layers().get(1).params().asMap().get("units"));
    assertEquals("enc", spec.layers().get(1).name(), "the rest of the layer is kept");
    assertEquals(1, spec.training().get(TrainingParams.EPOCHS));
    assertEquals(11, spec.seed());
    assertEquals(List.of(0.5, 0.25, 0.25), spec.data().params().asMap().get("split"));
  }

  @Test
  void setOfAParamTurnsABareTypeNameIntoAMap() {
    ExperimentSpec spec = load("minimal.yaml", "optimizer.learning_rate=0.1", "model.layers[0].kernel_init=uniform",
        "model.layers[0].kernel_init.range=0.2");
    assertEquals("adam", spec.optimizer().type());
    assertEquals(0.1, spec.optimizer().params().asMap().get("learning_rate"));
    TypedValue init = spec.layers().get(0).params().get(FakePlugin.KERNEL_INIT);
    assertEquals("uniform", init.type());
    assertEquals(0.2, init.params().get(FakePlugin.RANGE));
  }

  @Test
  void setOfABareTypeNameReplacesTheWholeValue() {
    ExperimentSpec spec = load("valid.yaml", "optimizer=sgd", "optimizer.learning_rate=0.3");
    assertEquals("sgd", spec.optimizer().type());
    assertEquals(Map.of("learning_rate", 0.3, "momentum", 0.0), spec.optimizer().params().asMap());
  }

  @Test
  void setCreatesAMissingSectionAndAcceptsFlowMapsAndNull() {
    ExperimentSpec spec = load("minimal.yaml", "training.clip_norm=1.5", "loss={type: cross-entropy, label_smoothing: 0.2}",
        "description=");
    assertEquals(1.5, spec.training().get(TrainingParams.CLIP_NORM));
    assertEquals(10, spec.training().get(TrainingParams.EPOCHS));
    assertEquals(0.2, spec.loss().params().asMap().get("label_smoothing"));
    assertEquals(false, spec.resolved().containsKey("description"), "an explicit null optional stays unset");
    assertNull(load("exponent.yaml", "training.clip_norm=null").training().get(TrainingParams.CLIP_NORM));
  }

  @Test
  void resolvedTreeIsInCanonicalOrderWithEveryDefault() {
    Map<String, Object> resolved = load("minimal.yaml", "description=short").resolved();
    assertEquals(List.of("name", "seed", "description", "data", "model", "loss", "optimizer", "training", "metrics"),
        List.copyOf(resolved.keySet()));
    Map<String, Object> dense = new LinkedHashMap<>();
    dense.put("type", "dense");
    dense.put("name", "dense_0");
    dense.put("units", 3);
    dense.put("activation", "linear");
    dense.put("dropout", 0.0);
    dense.put("kernel_init", Map.of("type", "glorot-uniform"));
    assertEquals(Map.of("type", "sequential", "layers", List.of(dense)), resolved.get("model"));
    assertEquals(List.copyOf(dense.keySet()), List.copyOf(((Map<?, ?>) ((List<?>) ((Map<?, ?>) resolved.get("model"))
        .get("layers")).get(0)).keySet()));
    assertEquals(Map.of("epochs", 10, "batch_size", 32, "shuffle", true, "threads", 1, "checkpoint_every_steps", 0),
        resolved.get("training"), "unset optionals (clip_norm, early_stopping, lr_schedule) are left out");
    assertEquals(List.of("type", "learning_rate", "beta1"), List.copyOf(((Map<?, ?>) resolved.get("optimizer")).keySet()));
  }

  @Test
  void resolvedConfigWrittenAndReloadedGivesAnEqualSpec(@TempDir Path tmp) throws IOException {
    ExperimentSpec original = load("extends/grandchild.yaml", "data.split=[0.6, 0.2, 0.2]",
        "model.layers[2].kernel_init={type: uniform, range: 0.3}", "training.clip_norm=2");
    Path written = tmp.resolve("config.yaml");
    Files.writeString(written, ConfigYaml.write(original.resolved()));
    ExperimentSpec reloaded = loader.load(written, List.of());
    assertEquals(original.resolved(), reloaded.resolved());
    assertEquals(withoutLocations(original), withoutLocations(reloaded));
    assertEquals(ConfigHash.shortHash(original.resolved()), ConfigHash.shortHash(reloaded.resolved()));
  }

  @Test
  void resolvedTreeIsUnmodifiable() {
    Map<String, Object> resolved = load("valid.yaml").resolved();
    assertThrows(UnsupportedOperationException.class, () -> resolved.put("seed", 3));
  }

  private static Map<String, Object> withoutNulls(Params params) {
    Map<String, Object> map = new LinkedHashMap<>(params.asMap());
    map.values().removeIf(v -> v == null);
    return map;
  }

  /** The spec with source and value locations cleared: those say where, not what. */
  private static ExperimentSpec withoutLocations(ExperimentSpec s) {
    return new ExperimentSpec(Path.of(""), s.name(), s.seed(), strip(s.data()), strip(s.model()), strip(s.loss()),
        strip(s.optimizer()), strip(s.training()), s.metrics().stream().map(ExperimentLoaderTest::strip).toList(),
        s.resolved());
  }

  private static TypedValue strip(TypedValue t) {
    return new TypedValue(t.kind(), t.type(), strip(t.params()), t.name(), "");
  }

  private static Params strip(Params p) {
    Map<String, Object> map = new LinkedHashMap<>();
    p.asMap().forEach((k, v) -> map.put(k, stripValue(v)));
    return Params.of(map);
  }

  private static Object stripValue(Object v) {
    if (v instanceof TypedValue t) {
      return strip(t);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(ExperimentLoaderTest::stripValue).toList();
    }
    return v;
  }
}
