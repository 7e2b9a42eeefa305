package io.recur.cli;

import io.recur.registry.Registry;

/** The registry of built-in types, found through ServiceLoader on the CLI's class path. */
final class Registries {
  private Registries() {}

  static Registry builtIn() {
    return Registry.discover(Main.class.getClassLoader());
  }
}
