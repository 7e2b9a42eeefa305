package io.recur.cli;

/**
 * Failures that come out of a plugin's own code (a missing dependency first used in {@code
 * create()}, a stack overflow in {@code losses()}, an exception in {@code forward}) are the
 * plugin's, not Recur's: they are told as one line naming the plugin and the class and method
 * that failed, with exit code 2, rather than as an internal error with a stack trace. A frame
 * belongs to a plugin when its class was defined by a plugin class loader, which is named {@code
 * plugin <jar or folder>} (see {@link io.recur.plugin.PluginClassLoader}).
 */
final class PluginFaults {
  private static final String PLUGIN_LOADER_PREFIX = "plugin ";

  private PluginFaults() {}

  /** The one-line message for {@code t} when plugin code is on its stack (or its causes'), else null. */
  static String message(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (StackTraceElement frame : c.getStackTrace()) {
        String loader = frame.getClassLoaderName();
        if (loader != null && loader.startsWith(PLUGIN_LOADER_PREFIX)) {
          return loader + ": " + frame.getClassName() + "." + frame.getMethodName() + " failed: " + describe(c)
              + hint(c);
        }
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    // a stack overflow's message is empty, and its trace a thousand identical lines: the name says it
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String hint(Throwable t) {
    if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
      return " (a class the plugin needs is not in its jar or its folder; give its dependencies beside it)";
    }
    if (t instanceof StackOverflowError) {
      return " (endless recursion in the plugin's code)";
    }
    return "";
  }
}
