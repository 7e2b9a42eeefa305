package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurPlugin;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DenseLayersPluginTest {
  @Test
  void contributesTheSixDenseLayersAndTheNgramModelAndNothingElse() {
    DenseLayersPlugin plugin = new DenseLayersPlugin();
    assertEquals(List.of("embedding", "flatten", "dense", "dropout", "activation", "time-distributed", "ensemble", "ngram"),
        plugin.layers().stream().map(LayerFactory::name).toList());
    assertTrue(plugin.losses().isEmpty());
    assertTrue(plugin.optimizers().isEmpty());
    assertTrue(plugin.metrics().isEmpty());
    assertTrue(plugin.datasets().isEmpty());
    assertTrue(plugin.initializers().isEmpty());
    assertTrue(plugin.guiceModules().isEmpty());
  }

  @Test
  void isFoundByTheServiceLoader() {
    assertTrue(ServiceLoader.load(RecurPlugin.class).stream().anyMatch(p -> p.type() == DenseLayersPlugin.class));
  }

  @Test
  void everyTypeAndParameterIsDocumentedAndNamedInKebabOrSnakeCase() {
    for (LayerFactory f : new DenseLayersPlugin().layers()) {
      assertTrue(f.name().matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), f.name());
      assertFalse(f.doc().isBlank(), f.name() + " has no doc");
      for (ParamSpec<?> p : f.params()) {
        assertTrue(p.name().matches("[a-z][a-z0-9_]*"), f.name() + "." + p.name());
        assertFalse(p.doc().isBlank(), f.name() + "." + p.name() + " has no doc");
      }
    }
  }
}
