package io.recur.cli;

import io.recur.spi.RecurException;
import picocli.CommandLine.Option;

/**
 * {@code --threads N} of the commands that run a saved model (predict, evaluate, generate, serve):
 * by default every core of the machine, since the kernels give the same bits for any number.
 */
public final class ThreadsOption {
  @Option(names = "--threads", paramLabel = "N",
      description = "Compute threads (default: the machine's cores); the results are the same bits for any number.")
  Integer threads;

  /** The threads to use: {@code --threads}, else the machine's cores. */
  public int resolve() {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1) {
      throw new RecurException("--threads must be 1 or more, got " + n);
    }
    return n;
  }
}
