package io.recur.plugin;

/**
 * Sets the thread context class loader for a block and restores it after, so that libraries a
 * plugin uses which look classes up through the context loader (ServiceLoader, JAXB, Jackson
 * modules) find the plugin's classes:
 *
 * <pre>{@code
 * try (var ignored = new ThreadContextClassLoader(pluginLoader)) {
 *   return factory.create(params, context);
 * }
 * }</pre>
 */
final class ThreadContextClassLoader implements AutoCloseable {
  private final Thread thread = Thread.currentThread();
  private final ClassLoader previous;

  ThreadContextClassLoader(ClassLoader loader) {
    previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
  }

  @Override
  public void close() {
    thread.setContextClassLoader(previous);
  }
}
