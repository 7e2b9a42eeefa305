package io.recur.cli;

import io.recur.io.AtomicFiles;
import io.recur.registry.Registry;
import io.recur.run.OutputTargets;
import io.recur.spi.RecurException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recur compare RUN… [--html FILE]}: several runs (or a sweep's trials) side by side, the
 * final and best value of every metric they share, the config keys they differ in, and, in the
 * HTML page, each metric's curves of all runs on one chart. It reads the run directories only;
 * nothing is trained or evaluated again.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare runs: the final and best value of each metric they share (best: lowest for a loss, highest"
        + " where higher is better, with its epoch), the config keys whose values differ, and with --html a"
        + " self-contained page that adds each metric's curves of all runs on one chart.",
        "A RUN is a run directory 'recur train' wrote, or a sweep's SWEEP_DIR/trials/<id>."})
final class CompareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN", description = "Two or more run directories.")
  List<Path> runDirs = new ArrayList<>();

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write the comparison as one self-contained HTML page (charts inline, nothing fetched).")
  Path html;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (runDirs.size() < 2) {
      throw new RecurException("recur compare needs at least two runs; got " + runDirs.size()
          + " (" + runDirs.get(0) + ")");
    }
    if (html != null) {
      // before reading anything: --html must never land on a run's own files
      OutputTargets.check("--html", html, runDirs.toArray(Path[]::new));
    }
    Registry registry = common.registry();
    List<ComparedRun> runs = new ArrayList<>();
    for (Path dir : runDirs) {
      runs.add(ComparedRun.load(dir, registry));
    }
    List<String> columns = MetricColumns.shared(runs);
    List<ConfigDifferences.Difference> differences = ConfigDifferences.of(runs);
    PrintWriter out = spec.commandLine().getOut();
    ComparisonTable.print(runs, columns, differences, out);
    if (html != null) {
      Map<String, byte[]> curves = ComparisonCurves.png(runs, columns);
      AtomicFiles.write(html, ComparisonPage.html(runs, columns, differences, curves));
      out.println();
      out.println("wrote " + html);
    }
    out.flush();
    return Main.OK;
  }
}
