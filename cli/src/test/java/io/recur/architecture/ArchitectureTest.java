package io.recur.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.recur.plugin.PluginManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure, checked so that an import in the wrong direction fails the build instead
 * of quietly tying the project into one knot: core's packages form levels (each may use its own
 * level and those below it, never one above), no packages anywhere form a cycle, and the layer and
 * dataset modules use only what a plugin sees, so they could be loaded as plugins. The README's
 * layout section draws the same levels.
 */
class ArchitectureTest {
  /** Core's packages, lowest level first (the README's layout section numbers them from 0). */
  private static final List<List<String>> CORE_LEVELS = List.of(
      List.of("io.recur.tensor.."),
      List.of("io.recur.spi"),
      List.of("io.recur.io.."),
      List.of("io.recur.spi.sweep..", "io.recur.registry.."),
      List.of("io.recur.config..", "io.recur.builtin..", "io.recur.checkpoint.."),
      List.of("io.recur.schedule..", "io.recur.plugin.."),
      List.of("io.recur.model.."),
      List.of("io.recur.run..", "io.recur.generate.."),
      List.of("io.recur.report.."),
      List.of("io.recur.engine.."),
      List.of("io.recur.sweep..", "io.recur.api.."));

  /** What every class may use besides Recur's own: the JDK (with the Vector API's incubator module). */
  private static final List<String> PLATFORM = List.of("java..", "jdk.incubator.vector..");

  private static JavaClasses recur;

  @BeforeAll
  static void importClasses() {
    // production classes only: tests (this module's, and the test jars of the others) may reach anywhere
    recur = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("io.recur");
  }

  @Test
  void corePackagesOnlyUseTheirOwnLevelAndThoseBelow() {
    for (int level = 0; level < CORE_LEVELS.size() - 1; level++) {
      String[] here = CORE_LEVELS.get(level).toArray(String[]::new);
      String[] above = CORE_LEVELS.subList(level + 1, CORE_LEVELS.size()).stream().flatMap(List::stream)
          .toArray(String[]::new);
      noClasses().that().resideInAnyPackage(here)
          .should().dependOnClassesThat().resideInAnyPackage(above)
          .because("core's packages are levelled: a package uses only its own level and those below")
          .check(recur);
    }
  }

  @Test
  void noPackagesFormACycle() {
    slices().matching("io.recur.(**)").should().beFreeOfCycles().check(recur);
  }

  @Test
  void everyCorePackageHasALevel() {
    List<String> levelled = CORE_LEVELS.stream().flatMap(List::stream).map(p -> p.replace("..", "")).toList();
    // core's classes: from core/target/classes in the build, from recur-core-VERSION.jar elsewhere
    List<String> core = recur.stream().filter(c -> c.getSource().map(s -> s.getUri().toString())
            .filter(u -> u.contains("/core/target/classes/") || u.contains("recur-core-")).isPresent())
        .map(c -> c.getPackageName()).distinct().sorted().toList();
    assertTrue(core.size() > 10, "core's packages were not found: " + core);
    List<String> missing = new ArrayList<>();
    for (String p : core) {
      if (levelled.stream().noneMatch(l -> p.equals(l) || p.startsWith(l + "."))) {
        missing.add(p);
      }
    }
    assertEquals(List.of(), missing, "core packages without a level in CORE_LEVELS (add them where they belong)");
  }

  /** What a plugin's class loader shares with Recur, as package patterns ("io.recur.spi." becomes "io.recur.spi.."). */
  private static Stream<String> pluginVisible() {
    return PluginManager.SPI_PACKAGES.stream().map(p -> p.substring(0, p.length() - 1) + "..");
  }

  @Test
  void pluginsSeeTheSpiTensorsFileHelpersAndTheLibrariesInSpiSignatures() {
    assertEquals(List.of("io.recur.spi.", "io.recur.tensor.", "io.recur.io.", "org.apache.commons.math3.",
        "com.google.inject.", "jakarta.inject."), PluginManager.SPI_PACKAGES);
  }

  @Test
  void whatPluginsSeeUsesNoOtherPartOfRecur() {
    // their implementations may use libraries (SnakeYAML behind Json): those load through Recur's
    // own class loader; but a Recur type outside the shared packages in them would not load in a plugin
    String[] shared = pluginVisible().toArray(String[]::new);
    noClasses().that().resideInAnyPackage(shared)
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.recur..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(shared))))
        .because("a plugin sees only the shared packages, so they must not lean on the rest of Recur")
        .check(recur);
  }

  @Test
  void layerAndDatasetModulesUseOnlyWhatPluginsSee() {
    String[] allowed = Stream.of(PLATFORM.stream(), pluginVisible(), Stream.of("io.recur.layers..", "io.recur.datasets.."))
        .flatMap(s -> s).toArray(String[]::new);
    classes().that().resideInAnyPackage("io.recur.layers..", "io.recur.datasets..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .because("the layer and dataset modules register like plugins and must load as plugins")
        .check(recur);
  }
}
