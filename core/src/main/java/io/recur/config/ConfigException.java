package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;

/**
 * A bad experiment config. The message has one fixed shape so that people and editors can jump
 * to the spot: {@code location: dotted.path: what was found; what was expected[. Did you mean
 * 'x'?]}, where the location is {@code file:line:col} (1-based) or the {@code --set path=value}
 * argument the value came from, e.g.
 *
 * <pre>
 * experiment.yaml:14:13: model.layers[1].type: unknown layer type 'lstmm'; known: dense, gru, lstm. Did you mean 'lstm'?
 * </pre>
 *
 * The path is left out when the problem is with the file as a whole (empty, malformed YAML).
 */
public final class ConfigException extends RecurException {
  private final String location;
  private final String path;
  private final String problem;

  /**
   * @param location {@code file:line:col}, a file, or a {@code --set} argument
   * @param path the dotted path of the bad value ({@code model.layers[1].units}), or "" for none
   * @param problem what was found and what was expected
   */
  public ConfigException(String location, String path, String problem) {
    super(format(location, path, problem));
    this.location = location;
    this.path = path;
    this.problem = problem;
  }

  ConfigException(Location location, String path, String problem) {
    this(location.toString(), path, problem);
  }

  private static String format(String location, String path, String problem) {
    requireNonNull(location, "location is null");
    requireNonNull(path, "path is null");
    requireNonNull(problem, "problem is null");
    return location + ": " + (path.isEmpty() ? "" : path + ": ") + problem;
  }

  /** {@code file:line:col}, a file name, or the {@code --set} argument. */
  public String location() {
    return location;
  }

  /** The dotted path of the bad value, or "" when the problem is with the whole file. */
  public String path() {
    return path;
  }

  /** The message without location and path. */
  public String problem() {
    return problem;
  }
}
