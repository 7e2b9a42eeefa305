package io.recur.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where named datasets live: {@code --data-dir}, else {@code RECUR_DATA}, else the user cache
 * ({@code $XDG_CACHE_HOME/recur/data} or {@code ~/.cache/recur/data}).
 */
public record DataDirectory(Path path) {
  public static final String ENV = "RECUR_DATA";

  /** Resolves the data directory from an explicit option (may be null) and the environment. */
  public static DataDirectory resolve(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return new DataDirectory(explicit.toAbsolutePath());
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new DataDirectory(Path.of(fromEnv).toAbsolutePath());
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new DataDirectory(cache.resolve("recur").resolve("data"));
  }
}
