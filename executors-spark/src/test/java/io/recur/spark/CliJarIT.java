package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Spark comes only with the executor plugin: the CLI jar holds none of it. */
class CliJarIT {
  @Test
  void theCliJarHoldsNoSpark() throws Exception {
    assertTrue(Files.exists(RecurCli.cliJar()), RecurCli.cliJar() + " is missing; build the cli module first");
    try (JarFile jar = new JarFile(RecurCli.cliJar().toFile())) {
      List<String> spark = jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/"))
          .limit(5).toList();
      assertEquals(List.of(), spark);
    }
  }
}
