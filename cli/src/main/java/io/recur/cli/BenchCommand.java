package io.recur.cli;

import io.recur.bench.BenchSuite;
import io.recur.bench.KernelSuite;
import io.recur.bench.PeerSuite;
import io.recur.spi.RecurException;
import io.recur.tensor.Gemm;
import io.recur.tensor.Parallelism;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur bench [--suite peers|kernels] [--threads N] [--case NAME]… [--json]}: the
 * throughput benchmarks of issue 7, one line per case. {@code bench/compare.sh} runs the peers
 * suite beside its PyTorch twin; the kernels suite times the matrix products those cases spend
 * their time in, each alone. docs/benchmarks.md has the numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Throughput benchmarks, one line per case: training and inference steps of models built "
        + "from YAML, and matrix multiplies.")
final class BenchCommand implements Callable<Integer> {
  static final String PEERS = "peers";
  static final String KERNELS = "kernels";

  @Option(names = "--suite", paramLabel = "NAME", defaultValue = PEERS,
      description = "The suite to run: peers (the cases compared with PyTorch) or kernels (the matrix "
          + "products of those cases, each alone). Default: ${DEFAULT-VALUE}.")
  String suite;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Compute threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--case", paramLabel = "NAME", description = "Run only this case (repeatable).")
  List<String> cases = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per line instead of the table.")
  boolean json;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "6",
      description = "Measuring time per case, after a warm-up. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--length", paramLabel = "T", defaultValue = "100",
      description = "Sequence length of the charlm cases. Default: ${DEFAULT-VALUE}.")
  int length;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1) {
      throw new RecurException("recur bench: --threads expected an integer >= 1, got " + threads);
    }
    if (length < 1 || !(seconds > 0)) {
      throw new RecurException("recur bench: --length and --seconds must be positive");
    }
    BenchSuite chosen = switch (suite) {
      case PEERS -> new PeerSuite(common.registry(), seconds, length);
      case KERNELS -> new KernelSuite(seconds);
      default -> throw new RecurException("recur bench: unknown suite '" + suite + "'; known: " + PEERS + ", "
          + KERNELS);
    };
    List<PeerSuite.Case> selected = new ArrayList<>();
    for (String name : cases) {
      PeerSuite.Case c = chosen.find(name);
      if (c == null) {
        throw new RecurException("recur bench: unknown case '" + name + "' in suite " + suite + "; known: "
            + chosen.cases().stream().map(PeerSuite.Case::name).collect(Collectors.joining(", ")));
      }
      selected.add(c);
    }
    if (selected.isEmpty()) {
      selected.addAll(chosen.cases());
    }
    PrintWriter out = spec.commandLine().getOut();
    // the peak is measured here and now, since a shared machine's clock and neighbours move it
    double peak = json ? 0 : Gemm.fmaPeakGflops(1.5);
    if (!json) {
      out.printf("recur bench --suite %s: %s, %d thread(s), kernel %s; an FMA loop measures %.0f GFLOPS on one"
              + " thread now (%% of peak: against that, times the threads)%n",
          suite, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), threads,
          Gemm.kernelName(), peak);
      out.flush();
    }
    try (Parallelism p = Parallelism.open(threads)) {
      for (PeerSuite.Case c : selected) {
        PeerSuite.Result r = chosen.run(c, threads);
        double rss = PeerSuite.peakRssMb();
        out.println(json ? PeerSuite.json(r, rss) : PeerSuite.line(r, rss, peak));
        out.flush();
      }
    }
    return Main.OK;
  }
}
