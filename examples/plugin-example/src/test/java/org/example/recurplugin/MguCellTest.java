package org.example.recurplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.spi.Params;
import io.recur.testkit.CellGradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cell's equations against finite differences of its own forward, with Recur's test kit;
 * Recur's recurrent layers carry a cell that passes this through time, directions and layers.
 */
class MguCellTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void backwardMatchesFiniteDifferences(long seed) {
    CellGradCheck.check(new MguCell(), 3, 5, seed);
  }

  @Test
  void declaresTwoGateBlocksWithTheNGateApart() {
    MguCell cell = (MguCell) new MguCell.Factory().create(Params.empty());
    assertEquals(List.of("f", "n"), cell.gates());
    assertEquals(1, cell.separateBlocks());
    assertEquals(false, cell.hasCellState());
  }
}
