package io.recur.cli;

import io.recur.spi.RecurException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      PluginsCommand.class,
      SchemaCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int INTERNAL_ERROR = 1;
  public static final int USER_ERROR = 2;

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
      err.println("Run 'recur " + (ex.getCommandLine().getCommandName().equals("recur") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help' for usage.");
      return USER_ERROR;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
      Throwable userError = userError(ex);
      if (userError != null) {
        err.println(userError.getMessage());
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
    cli.setExitCodeExceptionMapper(t -> userError(t) != null ? USER_ERROR : INTERNAL_ERROR);
    return cli.execute(args);
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
