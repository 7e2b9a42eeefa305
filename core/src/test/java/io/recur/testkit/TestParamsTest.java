package io.recur.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Kind;
import io.recur.spi.LossFactory;
import io.recur.spi.Loss;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kit resolves parameters with the config's own rules: ranges, choices and checks included. */
class TestParamsTest {
  static final ParamSpec<Double> GAMMA = ParamSpec.ofDouble("gamma").min(0).byDefault(2.0).doc("focusing");
  static final ParamSpec<String> REDUCTION = ParamSpec.ofChoice("reduction", "mean", "sum").byDefault("mean");
  static final ParamSpec<List<Double>> WEIGHTS = ParamSpec.ofDoubleList("weights").optional()
      .check(w -> w.isEmpty() ? "expected at least one weight" : null);

  static final LossFactory FACTORY = new LossFactory() {
    @Override public String name() {
      return "toy";
    }

    @Override public String doc() {
      return "a loss for the kit's tests";
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of(GAMMA, REDUCTION, WEIGHTS);
    }

    @Override public Loss create(Params params) {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void defaultsAreFilledIn() {
    Params p = TestParams.resolve(FACTORY, Map.of("gamma", 1));
    assertEquals(1.0, p.get(GAMMA));
    assertEquals("mean", p.get(REDUCTION));
    assertEquals(null, p.get(WEIGHTS));
  }

  @Test
  void rangesChoicesAndChecksAreEnforcedAsInYaml() {
    String below = assertThrows(RecurException.class, () -> TestParams.resolve(FACTORY, Map.of("gamma", -1.0))).getMessage();
    assertTrue(below.contains("gamma") && below.contains(">= 0"), below);
    String choice = assertThrows(RecurException.class, () -> TestParams.resolve(FACTORY, Map.of("reduction", "max"))).getMessage();
    assertTrue(choice.contains("mean") && choice.contains("max"), choice);
    String check = assertThrows(RecurException.class, () -> TestParams.resolve(FACTORY, Map.of("weights", List.of()))).getMessage();
    assertTrue(check.contains("expected at least one weight"), check);
  }

  @Test
  void unknownKeysAreRefusedWithASuggestion() {
    String m = assertThrows(RecurException.class, () -> TestParams.resolve(FACTORY, Map.of("gama", 1.0))).getMessage();
    assertTrue(m.contains("unknown key 'gama'") && m.contains("gamma"), m);
  }

  @Test
  void typedValuesGetTheirOwnDefaultsAndRanges() {
    TypedValue normal = TestParams.typed(Kind.INITIALIZER, "normal", Map.of());
    assertTrue(normal.params().asMap().containsKey("std"), normal.toString());
  }
}
