package io.recur.cli;

import io.recur.run.Provenance;
import io.recur.spi.RecurPlugin;
import picocli.CommandLine;

/** {@code recur --version}: Recur, SPI and Java versions. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "recur " + Provenance.recurVersion() + " (SPI " + RecurPlugin.SPI_VERSION + ")",
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
