package io.recur.cli;

import io.recur.datasets.named.Downloader;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.named.NamedDataset;
import io.recur.datasets.named.NamedDatasets;
import io.recur.engine.DataDirectory;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recur data list} and {@code recur data fetch NAME…}: the named datasets ({@code dinos},
 * {@code names}, {@code tinyshakespeare}, {@code airline-passengers}), whether their files are in
 * the data directory ({@code --data-dir}, else {@code $RECUR_DATA}, else {@code
 * ~/.cache/recur/data}), and downloading them there from their pinned public sources.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "List the named datasets and fetch them into the data directory.",
    subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class})
final class DataCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the data directory came from, for the first line of both commands. */
  static String describe(Path explicit, DataDirectory directory) {
    String from = explicit != null ? "--data-dir"
        : System.getenv(DataDirectory.ENV) != null && !System.getenv(DataDirectory.ENV).isBlank() ? "$" + DataDirectory.ENV
        : "default";
    return "data directory: " + directory.path() + " (" + from + ")";
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Each named dataset: its files, whether they are present, where they live and their source.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDirectory;

    @Option(names = "--verbose", description = "Print stack traces with error messages.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      DataDirectory directory = dataDirectory.resolve();
      out.println(describe(dataDirectory.dataDir, directory));
      String format = "%-20s %-5s %-16s %-26s %s%n";
      out.printf(Locale.ROOT, format, "NAME", "FILES", "STATUS", "SOURCE", "LOCATION");
      boolean anyMissing = false;
      for (NamedDataset d : NamedDatasets.all()) {
        int missing = NamedData.missing(d, directory.path()).size();
        int files = d.files().size();
        String status = missing == 0 ? "present" : missing == files ? "missing" : "missing " + missing + " of " + files;
        anyMissing |= missing > 0;
        out.printf(Locale.ROOT, format, d.name(), files, status, d.source(), d.folder(directory.path()));
      }
      if (anyMissing) {
        out.println("fetch a missing dataset with: recur data fetch NAME (or put its files in the folder shown)");
      }
      out.flush();
      return Main.OK;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download the missing files of named datasets into the data directory, checking their sha256.")
  static final class FetchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Named datasets: dinos, names, tinyshakespeare,"
        + " airline-passengers.")
    List<String> names = new ArrayList<>();

    @Mixin
    DataDirOption dataDirectory;

    @Option(names = "--force", description = "Download every file again, present or not.")
    boolean force;

    @Option(names = "--base-url", paramLabel = "URL",
        description = "Download from URL/<owner>/<repo>/<commit>/<path> instead of https://raw.githubusercontent.com/"
            + " (a mirror with the same layout).")
    URI baseUrl;

    @Option(names = "--verbose", description = "Print stack traces with error messages.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      DataDirectory directory = dataDirectory.resolve();
      List<NamedDataset> datasets = new ArrayList<>();
      for (String name : names) {
        datasets.add(NamedData.dataset(name, "recur data fetch"));
      }
      out.println(describe(dataDirectory.dataDir, directory));
      out.flush();
      Downloader downloader = baseUrl == null ? Downloader.github()
          : new Downloader(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(120));
      NamedData named = new NamedData(downloader, line -> {
        out.println(line);
        out.flush();
      });
      for (NamedDataset d : datasets) {
        List<Path> written = named.fetch(d, directory.path(), force);
        out.println(written.isEmpty()
            ? d.name() + ": already present in " + d.folder(directory.path()) + " (--force downloads it again)"
            : d.name() + ": " + written.size() + " file" + (written.size() == 1 ? "" : "s") + " fetched into "
                + d.folder(directory.path()));
      }
      out.flush();
      return Main.OK;
    }
  }
}
