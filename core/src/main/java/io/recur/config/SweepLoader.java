package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Reads an experiment with a {@code sweep:} block and expands it into trials: the experiment
 * without the block (the base), each trial being the base with the sweep's values applied
 * exactly as {@code --set} applies them, and resolved like any experiment. Every value is checked
 * on its own first, so a bad path or value is reported at the sweep entry that wrote it.
 *
 * <p>Expansion is deterministic: a grid runs the combinations in written order (the last
 * parameter varies fastest), and a random sweep draws from a Well19937c seeded with {@code
 * sweep.seed}, one parameter after another; either way each point is then repeated with every
 * seed of {@code sweep.seeds}. Thread-safe: each call works on its own state.
 */
public final class SweepLoader {
  /** How many draws a random sweep may make per trial before deciding its space is used up. */
  private static final int DRAWS_PER_TRIAL = 1000;

  private final Registry registry;
  private final ExperimentLoader loader;

  public SweepLoader(Registry registry) {
    this.registry = requireNonNull(registry, "registry is null");
    this.loader = new ExperimentLoader(registry);
  }

  /**
   * The expanded sweep of one experiment file.
   *
   * @param base the experiment without its sweep block (overrides applied)
   * @param sweep the block's settings
   * @param trials every trial, in run order
   */
  public record Plan(ExperimentSpec base, SweepSpec sweep, List<PlannedTrial> trials) {
    public Plan {
      requireNonNull(base, "base is null");
      requireNonNull(sweep, "sweep is null");
      trials = List.copyOf(trials);
    }
  }

  /**
   * One trial: the values it sets (the seed last, when the sweep repeats seeds) and the resolved
   * experiment they give.
   */
  public record PlannedTrial(int index, List<Assignment> assignments, ExperimentSpec spec) {
    public PlannedTrial {
      assignments = List.copyOf(assignments);
      requireNonNull(spec, "spec is null");
    }
  }

  /**
   * @param yaml the experiment file
   * @param overrides {@code --set} arguments, applied to the file (its sweep block included)
   *     before the sweep's own values
   * @param threads when > 0, every trial's {@code training.threads} (the sweep shares the cores
   *     out); 0 leaves the configured value
   * @return empty when the file has no {@code sweep:} block
   * @throws ConfigException for anything wrong with the file, the block or a trial
   */
  public Optional<Plan> load(Path yaml, List<String> overrides, int threads) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(overrides, "overrides is null");
    ConfigNode.Mapping tree = loader.tree(yaml, overrides);
    ConfigNode block = tree.get(SweepParser.KEY);
    if (block == null) {
      return Optional.empty();
    }
    SweepParser.Result parsed = SweepParser.parse(block, registry);
    ConfigNode.Mapping base = tree.without(SweepParser.KEY);
    if (threads > 0) {
      Location where = Location.whole("--workers");
      base = SetOverride.apply(base, ConfigPaths.key(TopLevel.TRAINING.name(), TrainingParams.THREADS.name()),
          new ConfigNode.Scalar(threads, Integer.toString(threads), true, where), where);
    }
    if (parsed.halving() != null && parsed.halving().maxEpochs() != null) {
      // every trial is planned at the last rung's length: its id and config.yaml are the full run's
      Location where = parsed.halving().location();
      int max = parsed.halving().maxEpochs();
      base = SetOverride.apply(base, ConfigPaths.key(TopLevel.TRAINING.name(), TrainingParams.EPOCHS.name()),
          new ConfigNode.Scalar(max, Integer.toString(max), true, where), where);
    }
    ExperimentSpec baseSpec = loader.resolve(base, yaml);
    SweepSpec sweepSpec = parsed.spec();
    if (parsed.halving() != null) {
      sweepSpec = sweepSpec.withHalving(parsed.halving().withMax(baseSpec.training().get(TrainingParams.EPOCHS)));
      HalvingChecks.refuseEpochDependentSchedule(baseSpec, block.location());
    }
    for (SweepParser.Parsed p : parsed.parameters()) {
      for (ConfigNode value : representatives(p)) {
        resolveWith(base, yaml, List.of(new Applied(p, value)), "sweep value " + p.path() + "="
            + FlowYaml.write(SweepParser.plain(value)));
      }
    }
    List<List<Applied>> points = parsed.spec().drawsPoints()
        ? random(parsed.parameters(), parsed.spec())
        : grid(parsed.parameters());
    List<PlannedTrial> trials = new ArrayList<>();
    Map<Map<String, Object>, Integer> seen = new HashMap<>();
    for (List<Applied> point : points) {
      List<ConfigNode> seeds = parsed.seeds().isEmpty() ? java.util.Collections.singletonList(null) : parsed.seeds();
      for (ConfigNode seed : seeds) {
        List<Applied> applied = new ArrayList<>(point);
        if (seed != null) {
          applied.add(new Applied(seedParameter(seed), seed));
        }
        List<Assignment> assignments = applied.stream().map(Applied::assignment).toList();
        String context = "sweep trial " + trials.size() + " (" + label(assignments) + ")";
        ExperimentSpec spec = resolveWith(base, yaml, applied, context);
        Integer same = seen.putIfAbsent(spec.resolved(), trials.size());
        if (same != null) {
          throw new ConfigException(block.location(), SweepParser.KEY, "trials " + same + " ("
              + label(trials.get(same).assignments()) + ") and " + trials.size() + " (" + label(assignments)
              + ") are the same experiment; expected values that make each trial different");
        }
        trials.add(new PlannedTrial(trials.size(), assignments, spec));
      }
    }
    return Optional.of(new Plan(baseSpec, sweepSpec, trials));
  }

  private static String label(List<Assignment> assignments) {
    return assignments.stream().map(Assignment::shortForm).collect(Collectors.joining(", "));
  }

  /** A parameter with the value one trial gives it. */
  private record Applied(SweepParser.Parsed parameter, ConfigNode value) {
    Assignment assignment() {
      Object plain = SweepParser.plain(value);
      return new Assignment(parameter.path(), parameter.label(), plain, FlowYaml.write(plain));
    }
  }

  private static SweepParser.Parsed seedParameter(ConfigNode seed) {
    String name = TopLevel.SEED.name();
    return new SweepParser.Parsed(name, name, seed.location(), List.of(seed), null);
  }

  /**
   * The base with {@code applied} set and resolved. A problem reported somewhere other than at a
   * value the sweep set (a layer param that the swept type lacks) gets {@code context} appended,
   * since the line it points at is fine on its own.
   */
  private ExperimentSpec resolveWith(ConfigNode.Mapping base, Path yaml, List<Applied> applied, String context) {
    ConfigNode.Mapping tree = base;
    for (Applied a : applied) {
      tree = SetOverride.apply(tree, a.parameter().path(), a.value(), a.parameter().keyLocation());
    }
    try {
      return loader.resolve(tree, yaml);
    } catch (ConfigException e) {
      Set<String> sweepLocations = new HashSet<>();
      for (Applied a : applied) {
        sweepLocations.add(a.parameter().keyLocation().toString());
        collectLocations(a.value(), sweepLocations);
      }
      if (sweepLocations.contains(e.location())) {
        throw e;
      }
      throw new ConfigException(e.location(), e.path(), e.problem() + " (with " + context + ")");
    }
  }

  private static void collectLocations(ConfigNode node, Set<String> into) {
    into.add(node.location().toString());
    if (node instanceof ConfigNode.Mapping m) {
      m.entries().values().forEach(e -> {
        into.add(e.keyLocation().toString());
        collectLocations(e.value(), into);
      });
    } else if (node instanceof ConfigNode.Sequence s) {
      s.items().forEach(i -> collectLocations(i, into));
    }
  }

  /** The values checked one by one before any trial: every choice, or both bounds of a range. */
  private static List<ConfigNode> representatives(SweepParser.Parsed p) {
    if (p.range() == null) {
      return p.choices();
    }
    return List.of(number(p.range(), p.range().low()), number(p.range(), p.range().high()));
  }

  private static ConfigNode number(SweepParser.Range range, double value) {
    Object v = range.isInt() ? (Object) (int) value : (Object) value;
    return new ConfigNode.Scalar(v, String.valueOf(v), true, range.location());
  }

  /** Every combination, the last parameter varying fastest. */
  private static List<List<Applied>> grid(List<SweepParser.Parsed> parameters) {
    List<List<Applied>> points = new ArrayList<>();
    points.add(List.of());
    for (SweepParser.Parsed p : parameters) {
      List<List<Applied>> next = new ArrayList<>();
      for (List<Applied> point : points) {
        for (ConfigNode choice : p.choices()) {
          List<Applied> extended = new ArrayList<>(point);
          extended.add(new Applied(p, choice));
          next.add(extended);
        }
      }
      points = next;
    }
    return points;
  }

  /**
   * {@code sweep.trials} distinct points: each parameter drawn in written order from one seeded
   * generator; a point equal to an earlier one is drawn again (the parser has made sure that
   * enough distinct points exist).
   */
  private static List<List<Applied>> random(List<SweepParser.Parsed> parameters, SweepSpec spec) {
    RandomGenerator random = new Well19937c(spec.samplingSeed());
    List<List<Applied>> points = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    long draws = 0;
    while (points.size() < spec.trials()) {
      if (++draws > (long) DRAWS_PER_TRIAL * spec.trials()) {
        throw new IllegalStateException("drew " + draws + " points without finding " + spec.trials() + " distinct ones");
      }
      List<Applied> point = new ArrayList<>();
      List<Object> key = new ArrayList<>();
      for (SweepParser.Parsed p : parameters) {
        ConfigNode value = draw(p, random);
        point.add(new Applied(p, value));
        key.add(SweepParser.plain(value));
      }
      if (seen.add(key)) {
        points.add(point);
      }
    }
    return points;
  }

  private static ConfigNode draw(SweepParser.Parsed p, RandomGenerator random) {
    if (p.range() == null) {
      return p.choices().get(random.nextInt(p.choices().size()));
    }
    SweepParser.Range r = p.range();
    double value = switch (r.kind()) {
      case SweepParser.INT -> r.low() + random.nextInt((int) (r.high() - r.low()) + 1);
      // StrictMath: the same seed must draw the same bits on every JVM
      case SweepParser.LOG_UNIFORM -> StrictMath.exp(StrictMath.log(r.low())
          + random.nextDouble() * (StrictMath.log(r.high()) - StrictMath.log(r.low())));
      default -> r.low() + random.nextDouble() * (r.high() - r.low());
    };
    // rounding may step a hair outside the bounds, which the range promises to include
    return number(r, Math.min(r.high(), Math.max(r.low(), value)));
  }
}
