package io.recur.plugin;

import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import java.util.jar.Manifest;

/**
 * Which plugin SPI versions this Recur loads. A plugin jar states the SPI it was compiled against
 * in its manifest ({@code Recur-Spi-Version: 1}, written by maven-jar-plugin); it cannot be read
 * from a default method, because a default's body comes from the running SPI, not from the one
 * the plugin was built against (the way JUnit reads {@code Engine-Version-<id>}).
 *
 * <p>A plugin loads when {@link #OLDEST_SUPPORTED} ≤ its version ≤ {@link #CURRENT}: an older
 * plugin keeps working as long as the SPI only grew (new kinds and methods arrive as defaults);
 * a newer one may call what this Recur does not have.
 */
public final class SpiVersion {
  /** The manifest attribute a plugin jar states its SPI version in. */
  public static final String MANIFEST_ATTRIBUTE = "Recur-Spi-Version";
  /** The SPI this Recur provides. */
  public static final int CURRENT = RecurPlugin.SPI_VERSION;
  /**
   * The oldest SPI whose plugins still load; raised only when the SPI removes or changes something.
   * SPI 2 only added (defaults and new types), so plugins built against SPI 1 keep loading.
   */
  public static final int OLDEST_SUPPORTED = 1;
  /**
   * The oldest SPI whose trial executors still load: SPI 3 moved the executor contract into {@code
   * io.recur.spi.sweep} and changed what it hands an executor, so older executors cannot work.
   */
  public static final int OLDEST_FOR_EXECUTORS = 3;

  private SpiVersion() {}

  /**
   * The SPI version {@code manifest} declares, checked against this Recur.
   *
   * @param jar names the jar in messages, as the user gave it
   * @throws RecurException naming the jar when the version is missing, malformed or not supported
   */
  static int check(String jar, Manifest manifest) {
    String declared = manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
    if (declared == null || declared.isBlank()) {
      throw new RecurException(jar + ": the jar manifest has no " + MANIFEST_ATTRIBUTE + "; a plugin must state the "
          + "plugin SPI it was built against (this Recur provides " + supported() + "); have maven-jar-plugin "
          + "write '" + MANIFEST_ATTRIBUTE + ": " + CURRENT + "' (see docs/plugins.md)");
    }
    int version;
    try {
      version = Integer.parseInt(declared.trim());
    } catch (NumberFormatException e) {
      throw new RecurException(jar + ": " + MANIFEST_ATTRIBUTE + " '" + declared.trim()
          + "' is not a whole number; expected the plugin SPI version it was built against, e.g. " + CURRENT);
    }
    if (version < OLDEST_SUPPORTED || version > CURRENT) {
      throw new RecurException(jar + ": built against plugin SPI " + version + ", but this Recur loads plugins built "
          + "against " + supported() + "; rebuild the plugin against this Recur's recur-core"
          + (version > CURRENT ? " or use a newer Recur" : ""));
    }
    return version;
  }

  /** "SPI 1" or "SPI 1 to 3". */
  static String supported() {
    return OLDEST_SUPPORTED == CURRENT ? "SPI " + CURRENT : "SPI " + OLDEST_SUPPORTED + " to " + CURRENT;
  }
}
