package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.recur.spi.CellFactory;
import io.recur.spi.DatasetFactory;
import io.recur.spi.InitializerFactory;
import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.MetricFactory;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.TypeFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PluginFactoriesTest {
  private static final Map<Kind, Class<? extends TypeFactory>> INTERFACES = Map.of(
      Kind.LAYER, LayerFactory.class, Kind.LOSS, LossFactory.class, Kind.OPTIMIZER, OptimizerFactory.class,
      Kind.METRIC, MetricFactory.class, Kind.DATASET, DatasetFactory.class, Kind.INITIALIZER, InitializerFactory.class,
      Kind.CELL, CellFactory.class);

  private static final PluginOrigin ORIGIN = new PluginOrigin(
      new PluginInfo("p.jar", Path.of("p.jar"), List.of(new PluginJar(Path.of("p.jar"), "00"))),
      new PluginJar(Path.of("p.jar"), "00"));

  /** A factory of {@code kind} whose every method records the context loader it ran with. */
  private static TypeFactory recording(Kind kind, List<ClassLoader> seen) {
    Class<? extends TypeFactory> type = INTERFACES.get(kind);
    return (TypeFactory) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      seen.add(Thread.currentThread().getContextClassLoader());
      return method.getName().equals("params") ? List.of() : method.getReturnType() == String.class ? "x" : null;
    });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theWrapperDelegatesEveryMethodOfTheFactoryInterface(Kind kind) throws Exception {
    // a newer SPI default method left undelegated would silently drop a plugin's override of it
    TypeFactory wrapped = PluginFactories.wrap(kind, recording(kind, new ArrayList<>()),
        new PluginFactories.Declared("x", "x", List.of()), ORIGIN, getClass().getClassLoader());
    for (Method m : INTERFACES.get(kind).getMethods()) {
      Method implementation = wrapped.getClass().getMethod(m.getName(), m.getParameterTypes());
      assertFalse(implementation.getDeclaringClass().isInterface(),
          kind.key() + " wrapper does not implement " + m.getName() + "; delegate it in PluginFactories");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void createRunsWithThePluginAsContextClassLoader(Kind kind) throws Exception {
    List<ClassLoader> seen = new ArrayList<>();
    try (URLClassLoader plugin = new URLClassLoader(new URL[0])) {
      TypeFactory wrapped = PluginFactories.wrap(kind, recording(kind, seen),
          new PluginFactories.Declared("x", "x", List.of()), ORIGIN, plugin);
      ClassLoader before = Thread.currentThread().getContextClassLoader();
      Method create = List.of(INTERFACES.get(kind).getMethods()).stream()
          .filter(m -> m.getName().equals("create")).findFirst().orElseThrow();
      create.invoke(wrapped, new Object[create.getParameterCount()]);
      assertEquals(List.of(plugin), seen);
      assertSame(before, Thread.currentThread().getContextClassLoader());
      assertSame(ORIGIN, PluginFactories.origin(wrapped).orElseThrow());
      assertEquals("x", wrapped.name());
    }
  }
}
