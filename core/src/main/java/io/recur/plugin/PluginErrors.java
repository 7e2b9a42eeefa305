package io.recur.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;

/** Turns what went wrong inside plugin code into one line a plugin author can act on. */
final class PluginErrors {
  private static final String SERVICE_PREFIX = "io.recur.spi.RecurPlugin: ";

  private PluginErrors() {}

  /**
   * The failure and its causes on one line ({@code Provider x could not be instantiated:
   * ExceptionInInitializerError; IllegalStateException: boom}), plus a hint when a class was
   * missing: either a Recur class outside the plugin API, or a dependency the plugin did not bring.
   */
  static String describe(Throwable failure, ClassLoader recurLoader) {
    List<String> parts = new ArrayList<>();
    String missing = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (message.startsWith(SERVICE_PREFIX)) {
        message = message.substring(SERVICE_PREFIX.length());
      }
      String part = t instanceof ServiceConfigurationError ? message
          : t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
      if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(message) || message.isEmpty()) {
        parts.add(part);
      }
      if ((t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) && !message.isEmpty()
          && missing == null && !(t instanceof ClassNotFoundException && message.contains(" "))) {
        missing = message.replace('/', '.');
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String text = String.join("; ", parts);
    if (missing != null) {
      text += "; " + hint(missing, recurLoader);
    }
    return text;
  }

  private static String hint(String className, ClassLoader recurLoader) {
    boolean recurHasIt;
    try {
      Class.forName(className, false, recurLoader);
      recurHasIt = true;
    } catch (ClassNotFoundException | LinkageError e) {
      recurHasIt = false;
    }
    if (recurHasIt && className.startsWith("io.recur.")) {
      return className + " is not part of Recur's plugin API: plugins see only the packages "
          + String.join(", ", PluginManager.SPI_PACKAGES.stream().map(p -> p.substring(0, p.length() - 1)).toList())
          + " (see docs/plugins.md)";
    }
    if (recurHasIt) {
      return className + " belongs to one of Recur's own dependencies, which plugins do not see; put a jar holding it "
          + "next to the plugin's jar in a plugin folder (see docs/plugins.md)";
    }
    return "the plugin needs " + className + ", which neither Recur's plugin API nor the plugin's jars provide; "
        + "put the jar holding it next to the plugin's jar in a plugin folder (see docs/plugins.md)";
  }
}
