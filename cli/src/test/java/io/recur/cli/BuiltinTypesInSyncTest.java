package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.testkit.BuiltinTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kit's list of built-in type names ({@link BuiltinTypes}, which plugin projects check their
 * names against) is the registry of the CLI's class path, where every built-in module is: a new
 * built-in type must be added to the list, or a plugin could pass the kit with its name.
 */
class BuiltinTypesInSyncTest {
  @Test
  void theKitsListOfBuiltInNamesIsTheCliRegistry() {
    Registry registry = Registries.builtIn();
    List<String> expected = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      registry.names(kind).forEach(n -> expected.add(kind.key() + " " + n));
      BuiltinTypes.names(kind).forEach(n -> listed.add(kind.key() + " " + n));
    }
    assertEquals(String.join("\n", expected), String.join("\n", listed),
        "core/src/test/resources/" + BuiltinTypes.RESOURCE + " must list exactly the built-in types (expected first)");
  }
}
