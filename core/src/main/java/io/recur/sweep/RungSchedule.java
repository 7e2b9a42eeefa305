package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.SweepSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a halving or Hyperband sweep, before anything runs: its brackets, each bracket's
 * rungs, how many configurations each rung trains and to how many epochs. Pure arithmetic on the
 * budgets, so {@code recur validate} prints exactly what {@code recur sweep} will run. Immutable.
 *
 * <p>Successive halving (one bracket): rung k trains its configurations to {@code min_epochs·η^k}
 * epochs, the last rung to {@code max_epochs}; each rung keeps {@code max(1, ⌊n/η⌋)} of its
 * {@code n} configurations. Hyperband (Li et al., JMLR 2018) runs brackets {@code s = s_max … 0},
 * {@code s_max} the largest {@code s} with {@code min_epochs·η^s <= max_epochs}: bracket s starts
 * {@code n = ⌈(s_max+1)·η^s/(s+1)⌉} configurations (at most the sweep has) and its rung i trains
 * to {@code max(min_epochs, ⌊max_epochs/η^(s−i)⌋)} epochs, so every bracket ends at {@code max_epochs}
 * and bracket 0 is the plain grid at full length.
 *
 * @param brackets in the order they run
 */
public record RungSchedule(List<Bracket> brackets) {
  public RungSchedule {
    brackets = List.copyOf(brackets);
  }

  /**
   * One bracket: successive halving from its first rung's budget.
   *
   * @param number Hyperband's s (0 for plain halving): how many promotions the bracket makes
   * @param rungs in the order they run; the first trains {@code configurations} configurations
   */
  public record Bracket(int number, List<Rung> rungs) {
    public Bracket {
      rungs = List.copyOf(rungs);
      if (rungs.isEmpty()) {
        throw new IllegalArgumentException("a bracket needs at least one rung");
      }
    }

    public int configurations() {
      return rungs.get(0).configurations();
    }

    /** Epochs the bracket trains per seed: each rung's configurations from the previous rung's length on. */
    public long epochs() {
      long total = 0;
      int before = 0;
      for (Rung r : rungs) {
        total += (long) r.configurations() * (r.epochs() - before);
        before = r.epochs();
      }
      return total;
    }
  }

  /**
   * @param index the rung's place in its bracket, from 0
   * @param epochs every configuration of the rung is trained to this many epochs
   * @param configurations how many configurations the rung trains
   * @param keep how many of them go on to the next rung; 0 for the last rung
   */
  public record Rung(int index, int epochs, int configurations, int keep) {}

  /** Successive halving over {@code configurations} configurations. */
  public static RungSchedule halving(SweepSpec.Halving budgets, int configurations) {
    requireNonNull(budgets, "budgets is null");
    List<Integer> epochs = new ArrayList<>();
    long r = budgets.minEpochs();
    while (r < budgets.maxEpochs()) {
      epochs.add((int) r);
      r *= budgets.reductionFactor();
    }
    epochs.add(budgets.maxEpochs());
    return new RungSchedule(List.of(bracket(0, epochs, configurations, budgets.reductionFactor())));
  }

  /** Hyperband's brackets over a sweep of {@code configurations} configurations. */
  public static RungSchedule hyperband(SweepSpec.Halving budgets, int configurations) {
    requireNonNull(budgets, "budgets is null");
    int eta = budgets.reductionFactor();
    int sMax = 0;
    while ((long) budgets.minEpochs() * pow(eta, sMax + 1) <= budgets.maxEpochs()) {
      sMax++;
    }
    List<Bracket> brackets = new ArrayList<>();
    for (int s = sMax; s >= 0; s--) {
      long n = ceilDiv((long) (sMax + 1) * pow(eta, s), s + 1);
      List<Integer> epochs = new ArrayList<>();
      for (int i = 0; i <= s; i++) {
        epochs.add((int) Math.max(budgets.minEpochs(), budgets.maxEpochs() / pow(eta, s - i)));
      }
      brackets.add(bracket(s, epochs, (int) Math.min(n, configurations), eta));
    }
    return new RungSchedule(brackets);
  }

  private static Bracket bracket(int number, List<Integer> epochs, int configurations, int eta) {
    List<Rung> rungs = new ArrayList<>();
    int n = configurations;
    for (int i = 0; i < epochs.size(); i++) {
      boolean last = i == epochs.size() - 1;
      int keep = last ? 0 : Math.max(1, n / eta);
      rungs.add(new Rung(i, epochs.get(i), n, keep));
      n = keep;
    }
    return new Bracket(number, rungs);
  }

  /** Epochs of the whole schedule when every configuration runs {@code repeats} seeds. */
  public long epochs(int repeats) {
    return brackets.stream().mapToLong(Bracket::epochs).sum() * repeats;
  }

  /** How many configurations the brackets start, together (Hyperband may start one configuration in several). */
  public int configurations() {
    return brackets.stream().mapToInt(Bracket::configurations).sum();
  }

  private static long pow(int base, int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p = Math.multiplyExact(p, base);
    }
    return p;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * The schedule as {@code recur validate} and {@code recur sweep} print it: one line per bracket
   * with its rungs, then the epoch budget against a full grid's.
   *
   * <pre>
   * bracket 0: 27 configurations × 1 epoch → 9 × 3 epochs → 3 × 9 epochs
   * epoch budget: 81 epochs (× 3 seeds: 243) against a full grid's 729 (33.3%)
   * </pre>
   *
   * @param repeats the seeds each configuration runs
   * @param gridEpochs what a grid over the same configurations and seeds would train
   */
  public List<String> describe(int repeats, long gridEpochs) {
    List<String> lines = new ArrayList<>();
    for (Bracket b : brackets) {
      StringBuilder line = new StringBuilder("bracket " + b.number() + ":");
      for (Rung r : b.rungs()) {
        line.append(r.index() == 0 ? " " : " → ").append(r.configurations())
            .append(r.index() == 0 ? (r.configurations() == 1 ? " configuration" : " configurations") : "")
            .append(" × ").append(r.epochs()).append(r.epochs() == 1 ? " epoch" : " epochs");
      }
      lines.add(line.toString());
    }
    long perSeed = brackets.stream().mapToLong(Bracket::epochs).sum();
    lines.add("epoch budget: " + perSeed + (perSeed == 1 ? " epoch" : " epochs")
        + (repeats > 1 ? " (× " + repeats + " seeds: " + epochs(repeats) + ")" : "") + " against a full grid's "
        + gridEpochs + " (" + RungHistory.percent(epochs(repeats), gridEpochs) + ")");
    return lines;
  }
}
