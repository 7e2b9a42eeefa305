package io.recur.cli;

import io.recur.spi.RecurException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code recur} command. Exit codes (DESIGN.md): 0 success, 2 bad config or bad input (one
 * clear message, no stack trace unless {@code --verbose}), 1 internal failure.
 */
@Command(
    name = "recur",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train, evaluate and use recurrent sequence models described in YAML.",
    subcommands = {
      TrainCommand.class,
      ValidateCommand.class,
      PredictCommand.class,
      ExportCommand.class,
      EvaluateCommand.class,
      GenerateCommand.class,
      SweepCommand.class,
      ReproduceCommand.class,
      CompareCommand.class,
      PluginsCommand.class,
      SchemaCommand.class,
      DataCommand.class,
      BenchCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int USER_ERROR = 2;
  /** {@code recur reproduce}: the re-run's metrics or weights differ from the original's. */
  public static final int NOT_REPRODUCED = 3;
  /** Training was interrupted (Ctrl-C) after writing a checkpoint: 128 + SIGINT, as a shell reports it. */
  public static final int INTERRUPTED = 130;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the CLI with the given streams and returns the exit code; tests call this directly. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("recur: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(err, true));
      // the qualified name keeps nested commands whole: 'recur data fetch --help'
      err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return USER_ERROR;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean verbose = false;
      // nested commands (recur data fetch) carry their own --verbose
      for (CommandLine.ParseResult r = parseResult.subcommand(); r != null; r = r.subcommand()) {
        verbose |= r.hasMatchedOption("--verbose");
      }
      if (ex instanceof io.recur.engine.TrainingInterruptedException) {
        // the run has already said where it stopped and how to continue: once is enough
        return INTERRUPTED;
      }
      Throwable userError = userError(ex);
      if (userError != null) {
        err.println(userError.getMessage());
        if (verbose) {
          ex.printStackTrace(err);
        }
        return USER_ERROR;
      }
      String pluginFault = PluginFaults.message(ex);
      if (pluginFault != null) {
        err.println(pluginFault);
        if (verbose) {
          ex.printStackTrace(err);
        }
        return USER_ERROR;
      }
      err.println("recur: internal error: " + ex);
      if (verbose) {
        ex.printStackTrace(err);
      } else {
        err.println("(run again with --verbose for the stack trace)");
      }
      return INTERNAL_ERROR;
    });
    cli.setExitCodeExceptionMapper(t -> userError(t) != null || PluginFaults.message(t) != null ? USER_ERROR
        : INTERNAL_ERROR);
    try {
      return cli.execute(args);
    } catch (Error e) {
      // picocli hands exceptions to the handler above but lets errors through; a plugin's are still its own
      String pluginFault = PluginFaults.message(e);
      if (pluginFault == null) {
        throw e;
      }
      err.println(pluginFault);
      if (java.util.Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace(err);
      }
      return USER_ERROR;
    }
  }

  /** The RecurException behind {@code t}, if any (Guice wraps exceptions thrown while providing). */
  private static Throwable userError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RecurException) {
        return c;
      }
    }
    return null;
  }
}
