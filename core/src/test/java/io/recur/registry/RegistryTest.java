package io.recur.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.recur.builtin.CorePlugin;
import io.recur.plugin.PluginManager;
import io.recur.spi.InitializerFactory;
import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialRunner;
import io.recur.testkit.BuiltinTypes;
import io.recur.testkit.PluginJarBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  @TempDir Path tmp;

  /** A layer type that is only ever looked up, never asked to build anything. */
  private record Named(String name) implements LayerFactory {
    @Override public String doc() {
      return "a " + name;
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of();
    }

    @Override public io.recur.spi.Layer create(Params params, io.recur.spi.BuildContext context) {
      throw new UnsupportedOperationException("only looked up");
    }
  }

  /** A loss type that is only ever looked up. */
  private record NamedLoss(String name) implements LossFactory {
    @Override public String doc() {
      return "a " + name;
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of();
    }

    @Override public io.recur.spi.Loss create(Params params) {
      throw new UnsupportedOperationException("only looked up");
    }
  }

  /** An initializer type that is only ever looked up. */
  private record NamedInitializer(String name) implements InitializerFactory {
    @Override public String doc() {
      return "a " + name;
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of();
    }

    @Override public io.recur.spi.Initializer create(Params params) {
      throw new UnsupportedOperationException("only looked up");
    }
  }

  /** A plugin contributing the given layer names, and optionally a Guice module. */
  private record Layers(List<String> names, List<Module> modules) implements RecurPlugin {
    Layers(String... names) {
      this(List.of(names), List.of());
    }

    @Override public List<LayerFactory> layers() {
      return names.stream().<LayerFactory>map(Named::new).toList();
    }

    @Override public List<Module> guiceModules() {
      return modules;
    }
  }

  private record Executor(String name) implements TrialExecutor {
    @Override public String doc() {
      return "runs trials somewhere";
    }

    @Override public void run(List<PortableTrial> trials, TrialRunner runner, Settings settings,
        TrialListener listener) {
      throw new UnsupportedOperationException("only looked up");
    }
  }

  private static String refusal(Runnable r) {
    return assertThrows(RecurException.class, r::run).getMessage();
  }

  @Test
  void discoverFindsCoresBuiltInsThroughTheirServiceFile() {
    Registry registry = Registry.discover(RegistryTest.class.getClassLoader());
    // core has no layers or datasets of its own; its losses, optimizers, metrics and initialisers
    // are exactly those of a full Recur
    assertEquals(List.of(), List.copyOf(registry.names(Kind.LAYER)));
    assertEquals(List.of(), List.copyOf(registry.names(Kind.DATASET)));
    for (Kind kind : List.of(Kind.LOSS, Kind.OPTIMIZER, Kind.METRIC, Kind.INITIALIZER)) {
      assertEquals(BuiltinTypes.names(kind), registry.names(kind), kind.key());
    }
    Registry.Entry mse = registry.find(Kind.LOSS, "mse").orElseThrow();
    assertEquals(Kind.LOSS, mse.kind());
    assertEquals("mse", mse.name());
    assertEquals(Registry.sourceOf(CorePlugin.class), mse.source());
    assertTrue(mse.source().endsWith(" (CorePlugin)"), mse.source());
    assertEquals(List.of("local"), registry.executors().stream().map(Registry.ExecutorEntry::name).toList());
  }

  @Test
  void discoverAddsThePluginsAServiceFileOnTheLoadersPathNames() throws Exception {
    Path jar = PluginJarBuilder.create()
        .entry(PluginManager.SERVICE_FILE, (PluginLayers.class.getName() + "\n").getBytes(StandardCharsets.UTF_8))
        .writeTo(tmp.resolve("layers.jar"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Registry registry = Registry.discover(loader);
      assertEquals(List.of("gate", "stack"), List.copyOf(registry.names(Kind.LAYER)));
      assertEquals(Registry.sourceOf(PluginLayers.class), registry.find(Kind.LAYER, "gate").orElseThrow().source());
      // the built-ins are still there, from their own source
      assertEquals(Registry.sourceOf(CorePlugin.class), registry.find(Kind.LOSS, "mse").orElseThrow().source());
    }
  }

  /** Named in a service file by the test above; ServiceLoader needs a public no-argument constructor. */
  public static final class PluginLayers implements RecurPlugin {
    @Override public List<LayerFactory> layers() {
      return List.of(new Named("stack"), new Named("gate"));
    }
  }

  @Test
  void sourceOfNamesTheJarOrFolderAndTheClass() {
    // a class from a jar: the jar's file name, not its path
    String junit = Registry.sourceOf(Test.class);
    assertTrue(junit.matches("junit-jupiter-api-[0-9][^/ ]*\\.jar \\(Test\\)"), junit);
    // a class from a folder: the folder's name (Maven's test-classes), the trailing slash dropped
    assertEquals("test-classes (RegistryTest)", Registry.sourceOf(RegistryTest.class));
    // a class with no code source (the JDK's) is named by its class name alone
    assertEquals("java.lang.String", Registry.sourceOf(String.class));
  }

  @Test
  void aTypeNameTakenTwiceWithinAKindNamesBothSources() {
    Registry.Builder builder = Registry.builder().add(new Layers("lstm"), "first.jar (First)");
    assertEquals("layer type 'lstm' is registered twice: by first.jar (First) and by second.jar (Second); each type"
        + " needs its own name", refusal(() -> builder.add(new Layers("peephole", "lstm"), "second.jar (Second)")));
  }

  @Test
  void aBuiltInNameTakenByAPluginIsRefusedTheSameWay() {
    Registry.Builder builder = Registry.builder().add(new CorePlugin(), "built-in");
    RecurPlugin clash = new RecurPlugin() {
      @Override public List<LossFactory> losses() {
        return List.of(new NamedLoss("bce"));
      }
    };
    assertEquals("loss type 'bce' is registered twice: by built-in and by mine.jar (Clash); each type needs its own"
        + " name", refusal(() -> builder.add(clash, "mine.jar (Clash)")));
  }

  @Test
  void oneNameMayServeTwoKinds() {
    // mse is both a loss and a metric among the built-ins: names are unique per kind only
    Registry registry = Registry.builder().add(new CorePlugin(), "built-in").build();
    assertInstanceOf(LossFactory.class, registry.find(Kind.LOSS, "mse").orElseThrow().factory());
    assertInstanceOf(io.recur.spi.MetricFactory.class, registry.find(Kind.METRIC, "mse").orElseThrow().factory());
    assertSame(registry.find(Kind.LOSS, "mse").orElseThrow().factory(), registry.loss("mse"));
  }

  @Test
  void typeNamesMustBeLowercaseKebabCase() {
    for (String bad : List.of("MyLayer", "my_layer", "-lead", "trail-", "double--dash", "9lives", "")) {
      assertEquals("odd.jar (Odd): layer type name '" + bad + "' must be lowercase kebab case, like 'top-k-accuracy'",
          refusal(() -> Registry.builder().add(new Layers(bad), "odd.jar (Odd)")), bad);
    }
    RecurPlugin unnamed = new RecurPlugin() {
      @Override public List<InitializerFactory> initializers() {
        return List.of(new NamedInitializer(null));
      }
    };
    assertEquals("odd.jar (Odd): initializer type name 'null' must be lowercase kebab case, like 'top-k-accuracy'",
        refusal(() -> Registry.builder().add(unnamed, "odd.jar (Odd)")));
    // the accepted shapes, for contrast
    Registry ok = Registry.builder().add(new Layers("a", "x2", "top-k-accuracy", "seq2seq-v2"), "ok").build();
    assertEquals(List.of("a", "seq2seq-v2", "top-k-accuracy", "x2"), List.copyOf(ok.names(Kind.LAYER)));
  }

  @Test
  void namesAndEntriesAreSortedByNameWhateverTheRegistrationOrder() {
    Registry registry = Registry.builder()
        .add(new Layers("zeta", "alpha"), "one")
        .add(new Layers("mid", "beta"), "two")
        .build();
    assertEquals(List.of("alpha", "beta", "mid", "zeta"), List.copyOf(registry.names(Kind.LAYER)));
    List<Registry.Entry> entries = registry.entries(Kind.LAYER);
    assertEquals(List.of("alpha", "beta", "mid", "zeta"), entries.stream().map(Registry.Entry::name).toList());
    assertEquals(List.of("one", "two", "two", "one"), entries.stream().map(Registry.Entry::source).toList());
    assertTrue(registry.entries(Kind.METRIC).isEmpty());
    assertEquals(0, registry.names(Kind.OPTIMIZER).size());
  }

  @Test
  void whatTheRegistryHandsOutCannotChangeIt() {
    Registry registry = Registry.builder().add(new Layers("dense"), "one").build();
    SortedSet<String> names = registry.names(Kind.LAYER);
    names.add("ghost");
    assertEquals(List.of("dense"), List.copyOf(registry.names(Kind.LAYER)));
    assertThrows(UnsupportedOperationException.class, () -> registry.entries(Kind.LAYER).clear());
    assertThrows(UnsupportedOperationException.class, () -> registry.guiceModules().clear());
    assertThrows(UnsupportedOperationException.class, () -> registry.executors().clear());
  }

  @Test
  void aBuilderAddedToAfterBuildDoesNotChangeTheBuiltRegistry() {
    Registry.Builder builder = Registry.builder().add(new Layers("dense"), "one");
    Registry built = builder.build();
    builder.add(new Layers("lstm"), "two");
    assertEquals(List.of("dense"), List.copyOf(built.names(Kind.LAYER)));
    assertEquals(List.of("dense", "lstm"), List.copyOf(builder.build().names(Kind.LAYER)));
  }

  @Test
  void lookupIsByKind() {
    Registry registry = Registry.builder().add(new Layers("dense"), "one").build();
    assertTrue(registry.find(Kind.LAYER, "dense").isPresent());
    assertFalse(registry.find(Kind.LOSS, "dense").isPresent());
    assertEquals("dense", registry.layer("dense").name());
    assertEquals("unknown loss type 'dense'; known: ", refusal(() -> registry.loss("dense")));
  }

  @Test
  void anUnknownTypeIsRefusedNamingTheKindAndEveryKnownNameSorted() {
    Registry registry = Registry.builder().add(new CorePlugin(), "built-in").add(new Layers("rnn", "gru"), "x").build();
    assertEquals("unknown layer type 'transformer'; known: gru, rnn", refusal(() -> registry.layer("transformer")));
    assertEquals("unknown optimizer type 'lbfgs'; known: adagrad, adam, rmsprop, sgd",
        refusal(() -> registry.optimizer("lbfgs")));
    assertEquals("unknown dataset type 'csv'; known: ", refusal(() -> registry.dataset("csv")));
    assertTrue(refusal(() -> registry.metric("f1")).startsWith("unknown metric type 'f1'; known: accuracy, "));
    assertTrue(refusal(() -> registry.initializer("xavier")).startsWith("unknown initializer type 'xavier'; known: "
        + "constant, glorot-normal, "));
  }

  @Test
  void anUnknownTypeCloseToAKnownOneIsSuggested() {
    Registry registry = Registry.builder().add(new Layers("rnn", "gru", "lstm"), "x").build();
    assertEquals("unknown layer type 'lstn'; known: gru, lstm, rnn. Did you mean 'lstm'?",
        refusal(() -> registry.layer("lstn")));
    // nothing close: no suggestion
    assertEquals("unknown layer type 'transformer'; known: gru, lstm, rnn", refusal(() -> registry.layer("transformer")));
  }

  @Test
  void guiceModulesAreKeptInPluginOrder() {
    Module a = new AbstractModule() {};
    Module b = new AbstractModule() {};
    Module c = new AbstractModule() {};
    Registry registry = Registry.builder()
        .add(new Layers(List.of("one"), List.of(b, a)), "first")
        .add(new Layers(List.of("two"), List.of(c)), "second")
        .build();
    assertEquals(List.of(b, a, c), registry.guiceModules());
  }

  @Test
  void executorsAreSortedByNameAndNamedOnce() {
    Executor spark = new Executor("spark");
    Registry.Builder builder = Registry.builder()
        .addExecutor(spark, "spark.jar (Spark)")
        .addExecutor(new Executor("dask"), "dask.jar (Dask)");
    Registry registry = builder.build();
    assertEquals(List.of("dask", "spark"), registry.executors().stream().map(Registry.ExecutorEntry::name).toList());
    assertSame(spark, registry.executors().get(1).executor());
    assertEquals("spark.jar (Spark)", registry.executors().get(1).source());
    assertEquals("trial executor 'spark' is registered twice: by spark.jar (Spark) and by other.jar (Other); each"
        + " executor needs its own name", refusal(() -> builder.addExecutor(new Executor("spark"), "other.jar (Other)")));
    assertEquals("odd.jar (Odd): trial executor name 'Spark' must be lowercase kebab case, like 'spark'",
        refusal(() -> builder.addExecutor(new Executor("Spark"), "odd.jar (Odd)")));
  }

  @Test
  void nullsAreRefusedByName() {
    Registry.Builder builder = Registry.builder();
    assertEquals("plugin is null", assertThrows(NullPointerException.class, () -> builder.add(null, "x")).getMessage());
    assertEquals("source is null",
        assertThrows(NullPointerException.class, () -> builder.add(new Layers("a"), null)).getMessage());
    assertEquals("executor is null",
        assertThrows(NullPointerException.class, () -> builder.addExecutor(null, "x")).getMessage());
  }
}
