package io.recur.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.registry.Registry;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurPlugin;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetsPluginTest {
  @Test
  void isFoundThroughTheServiceFile() {
    boolean found = ServiceLoader.load(RecurPlugin.class).stream()
        .anyMatch(p -> p.type() == DatasetsPlugin.class);
    assertTrue(found, "META-INF/services/io.recur.spi.RecurPlugin lists DatasetsPlugin");
  }

  @Test
  void contributesDummyStringHmmDnaTsvAndCsv() {
    List<String> names = new DatasetsPlugin().datasets().stream().map(DatasetFactory::name).toList();
    assertEquals(List.of("dummy-string", "hmm-dna", "tsv", "csv", "text", "labelled-files", "series", "sinusoid",
        "copy", "reverse", "addition"), names);
    Registry.builder().add(new DatasetsPlugin(), "datasets").build();
  }

  @Test
  void everyFactoryDeclaresUniqueDocumentedParameters() {
    for (DatasetFactory f : new DatasetsPlugin().datasets()) {
      Set<String> seen = new HashSet<>();
      assertTrue(!f.doc().isBlank(), f.name());
      for (ParamSpec<?> p : f.params()) {
        assertTrue(seen.add(p.name()), f.name() + "." + p.name() + " declared twice");
        assertTrue(!p.doc().isBlank(), f.name() + "." + p.name() + " has no doc");
      }
    }
  }
}
