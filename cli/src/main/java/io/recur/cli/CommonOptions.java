package io.recur.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes. */
final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces with error messages.")
  boolean verbose;
}
