package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The trials of a halving or Hyperband sweep laid out on its {@link RungSchedule}: which
 * configurations (each with its seeds) each bracket starts. Immutable.
 *
 * <p>Halving starts every configuration in its one bracket, and its trials are the grid's (or the
 * drawn points'), ids and all. Hyperband needs more configurations than a grid may have, and
 * fewer than others: it shuffles the configurations once with a Well19937c seeded with {@code
 * sweep.seed} and deals them to the brackets in that order, starting over when they run out. A
 * configuration in two brackets is two trials, told apart by the bracket in front of the id
 * ({@code b2-3f2a1b4c-units=8}), each an ordinary run directory.
 *
 * @param schedule the brackets and rungs
 * @param brackets per bracket of the schedule, in the same order, the configurations it starts
 */
public record RungPlan(RungSchedule schedule, List<List<Configuration>> brackets) {
  public RungPlan {
    requireNonNull(schedule, "schedule is null");
    brackets = brackets.stream().map(List::copyOf).toList();
    if (brackets.size() != schedule.brackets().size()) {
      throw new IllegalArgumentException("expected " + schedule.brackets().size() + " brackets, got " + brackets.size());
    }
  }

  /**
   * One point of the sweep and its trials, one per seed.
   *
   * @param order the point's place among the sweep's points: ties in a rung's ranking go to the lower
   */
  public record Configuration(int order, List<Trial> trials) {
    public Configuration {
      trials = List.copyOf(trials);
    }

    public String label() {
      return SweepSummary.label(trials.get(0).assignments().stream()
          .filter(a -> !a.path().equals(SweepSummary.SEED)).toList());
    }
  }

  /**
   * Lays out the planned trials, {@code repeats} consecutive trials (the seeds) per configuration.
   *
   * @return the plan, whose {@link #trials()} are the sweep's trials
   */
  static RungPlan of(SweepSpec spec, List<Trial> planned, int repeats) {
    SweepSpec.Halving budgets = spec.halving().orElseThrow(() ->
        new IllegalArgumentException("method " + spec.method().yamlName() + " has no rungs"));
    List<Configuration> points = new ArrayList<>();
    for (int i = 0; i < planned.size(); i += repeats) {
      points.add(new Configuration(points.size(), planned.subList(i, i + repeats)));
    }
    if (spec.method() == SweepSpec.Method.HALVING) {
      return new RungPlan(RungSchedule.halving(budgets, points.size()), List.of(points));
    }
    RungSchedule schedule = RungSchedule.hyperband(budgets, points.size());
    List<Configuration> dealt = shuffled(points, spec.samplingSeed());
    List<List<Configuration>> brackets = new ArrayList<>();
    int next = 0;
    int index = 0;
    for (RungSchedule.Bracket b : schedule.brackets()) {
      List<Configuration> members = new ArrayList<>();
      for (int i = 0; i < b.configurations(); i++) {
        Configuration c = dealt.get(next++ % dealt.size());
        List<Trial> trials = new ArrayList<>();
        for (Trial t : c.trials()) {
          trials.add(new Trial(index++, "b" + b.number() + "-" + t.id(), t.assignments(), t.spec()));
        }
        members.add(new Configuration(c.order(), trials));
      }
      brackets.add(members);
    }
    return new RungPlan(schedule, brackets);
  }

  /** Fisher–Yates with Commons Math's generator: the same seed deals the same brackets on every JVM. */
  private static List<Configuration> shuffled(List<Configuration> points, int seed) {
    List<Configuration> out = new ArrayList<>(points);
    RandomGenerator random = new Well19937c(seed);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Configuration t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }

  /** Every trial of every bracket, in bracket order: the sweep's trials. */
  public List<Trial> trials() {
    List<Trial> all = new ArrayList<>();
    brackets.forEach(b -> b.forEach(c -> all.addAll(c.trials())));
    return all;
  }

  /** Epochs a grid over the same configurations and seeds would train: each trial to the last rung's length. */
  public long gridEpochs(int configurations, int repeats) {
    int max = schedule.brackets().get(0).rungs().get(schedule.brackets().get(0).rungs().size() - 1).epochs();
    return (long) configurations * repeats * max;
  }
}
