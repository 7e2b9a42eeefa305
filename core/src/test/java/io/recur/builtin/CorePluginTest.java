package io.recur.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.ParamSpec;
import io.recur.spi.RecurPlugin;
import io.recur.spi.TypeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CorePluginTest {
  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  private static List<String> names(List<? extends TypeFactory> factories) {
    return factories.stream().map(TypeFactory::name).toList();
  }

  @Test
  void isFoundThroughTheServiceFile() {
    List<String> found = new ArrayList<>();
    for (RecurPlugin p : ServiceLoader.load(RecurPlugin.class)) {
      found.add(p.getClass().getName());
    }
    assertTrue(found.contains(CorePlugin.class.getName()), "ServiceLoader found " + found);
  }

  @Test
  void registersTheBuiltInNames() {
    CorePlugin core = new CorePlugin();
    assertEquals(List.of("mse", "mae", "bce", "cross-entropy", "nll"), names(core.losses()));
    assertEquals(List.of("sgd", "adam", "rmsprop", "adagrad"), names(core.optimizers()));
    assertEquals(List.of("accuracy", "top-k-accuracy", "loss", "binomial-p-value", "cross-entropy",
        "bits-per-character", "perplexity", "balanced-accuracy", "sequence-accuracy", "mse"), names(core.metrics()));
    assertEquals(List.of("zeros", "constant", "uniform", "normal", "glorot-uniform", "glorot-normal", "he-uniform",
        "he-normal", "orthogonal", "uniform-fan-in"), names(core.initializers()));
    assertTrue(core.layers().isEmpty());
    assertTrue(core.datasets().isEmpty());
  }

  @Test
  void everyTypeHasAKebabNameADocAndDocumentedSnakeCaseParams() {
    CorePlugin core = new CorePlugin();
    List<TypeFactory> all = new ArrayList<>();
    all.addAll(core.losses());
    all.addAll(core.optimizers());
    all.addAll(core.metrics());
    all.addAll(core.initializers());
    for (TypeFactory f : all) {
      assertTrue(KEBAB.matcher(f.name()).matches(), f.name());
      assertFalse(f.doc().isBlank(), f.name());
      for (ParamSpec<?> p : f.params()) {
        assertTrue(SNAKE.matcher(p.name()).matches(), f.name() + "." + p.name());
        assertFalse(p.doc().isBlank(), f.name() + "." + p.name() + " has no doc");
      }
    }
  }
}
