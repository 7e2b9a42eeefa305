package io.recur.spark;

import io.recur.spi.sweep.TrialExecutor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a cluster's executors need besides Spark, which they have: Recur's own jar (the CLI
 * jar, holding the training code) and this plugin's jar (the task). Spark serves them to its
 * executors from the driver ({@code spark.jars}); other plugins' jars the trials use are added
 * with {@code --conf spark.jars=…}.
 */
final class ShippedJars {
  private ShippedJars() {}

  /** The jar files that hold Recur's classes and this plugin's; class folders (a development build) are left out. */
  static List<String> find() {
    List<String> jars = new ArrayList<>();
    for (Class<?> c : List.of(TrialExecutor.class, ShippedJars.class)) {
      Path where = location(c);
      if (where != null && Files.isRegularFile(where) && !jars.contains(where.toUri().toString())) {
        jars.add(where.toUri().toString());
      }
    }
    return jars;
  }

  private static Path location(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
