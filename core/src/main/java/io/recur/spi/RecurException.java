package io.recur.spi;

/**
 * A problem with what the user gave us: a config, a data file, a weight file, a plugin. The CLI
 * prints {@link #getMessage()} alone (no stack trace unless {@code --verbose}) and exits with 2.
 * The message must say where (file:line:col, jar, layer), what was found and what was expected.
 */
public class RecurException extends RuntimeException {
  public RecurException(String message) {
    super(message);
  }

  public RecurException(String message, Throwable cause) {
    super(message, cause);
  }
}
