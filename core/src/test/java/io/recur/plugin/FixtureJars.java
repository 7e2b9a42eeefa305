package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.plugin.fixtures.EchoPlugin;
import io.recur.plugin.fixtures.GreeterPlugin;
import io.recur.plugin.fixtures.dep.Greeter;
import io.recur.registry.Registry;
import io.recur.spi.RecurException;
import io.recur.testkit.PluginJarBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Builds the fixture plugins into jars and loads them with the real {@link PluginManager}. */
final class FixtureJars {
  private FixtureJars() {}

  static Path echo(Path jar) {
    return PluginJarBuilder.create().provider(EchoPlugin.class).writeTo(jar);
  }

  /** A plugin folder: {@code greeter.jar} needing {@code greeter-dep.jar} beside it. */
  static Path greeterFolder(Path folder) {
    PluginJarBuilder.create().provider(GreeterPlugin.class).writeTo(folder.resolve("greeter.jar"));
    PluginJarBuilder.create().addClass(Greeter.class).writeTo(folder.resolve("greeter-dep.jar"));
    return folder;
  }

  static Registry load(Path... paths) {
    return load(line -> { }, paths);
  }

  static Registry load(Consumer<String> log, Path... paths) {
    List<PluginSource> sources = new ArrayList<>();
    for (Path p : paths) {
      sources.add(new PluginSource(p, PluginSource.COMMAND_LINE));
    }
    return new PluginManager(RECUR, log).load(sources);
  }

  /**
   * Recur's class loader as a real installation has it: the fixtures are on the test class path,
   * but they are no part of Recur, so Recur's loader must not find them either.
   */
  static final ClassLoader RECUR = new ClassLoader(FixtureJars.class.getClassLoader()) {
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.recur.plugin.fixtures.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  };

  /** The message of the one error loading {@code paths} gives. */
  static String error(Path... paths) {
    return assertThrows(RecurException.class, () -> load(paths)).getMessage();
  }
}
