package io.recur.builtin.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.builtin.Fixtures;
import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.spi.OutputKind;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossBehaviourTest {
  private static Loss loss(LossFactory factory, Map<String, Object> params) {
    return factory.create(Fixtures.params(factory, params));
  }

  private static Loss loss(LossFactory factory) {
    return loss(factory, Map.of());
  }

  @Test
  void aBatchOfOnlyPaddingHasZeroLossAndZeroGradient() {
    Tensor output = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3).requireGrad(true);
    Tensor mask = Tensor.zeros(1, 2);
    Tensor value = loss(new CrossEntropyLossFactory()).compute(output, Tensor.of(new float[] {0, 1}, 1, 2), mask);
    assertEquals(0f, value.item());
    value.backward();
    assertArrayEquals(new float[6], output.grad());
  }

  @Test
  void maskIsIgnoredForOutputsWithoutATimeAxis() {
    Loss mse = loss(new MseLossFactory());
    Tensor output = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor target = Tensor.zeros(2, 2);
    Tensor mask = Tensor.of(new float[] {1, 0, 0, 0, 0, 0}, 2, 3);
    assertEquals(mse.compute(output, target, null).item(), mse.compute(output, target, mask).item());
    assertEquals(7.5f, mse.compute(output, target, mask).item());
  }

  @Test
  void meanDividesByUnmaskedElementsAndSumDoesNot() {
    Tensor output = Tensor.of(new float[] {1, 1, 2, 2, 3, 3, 9, 9}, 2, 2, 2);
    Tensor target = Tensor.zeros(2, 2, 2);
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 0}, 2, 2);
    // unmasked: 1,1,2,2,3,3 → squares 1+1+4+4+9+9 = 28 over 6 elements
    assertEquals(28f / 6f, loss(new MseLossFactory()).compute(output, target, mask).item(), 1e-6f);
    assertEquals(28f, loss(new MseLossFactory(), Map.of("reduction", "sum")).compute(output, target, mask).item());
    ReducedLoss mae = (ReducedLoss) loss(new MaeLossFactory());
    assertEquals(6.0, mae.terms(output, mask));
    ReducedLoss ce = (ReducedLoss) loss(new CrossEntropyLossFactory());
    assertEquals(3.0, ce.terms(output, mask));
    assertEquals(Reduction.MEAN, ce.reduction());
  }

  @Test
  void rejectsATargetThatFitsNeitherValuesNorClassIndices() {
    RecurException e = assertThrows(RecurException.class,
        () -> loss(new MseLossFactory()).compute(Tensor.zeros(8, 2), Tensor.zeros(8, 3), null));
    assertEquals("loss 'mse': target [8, 3] fits neither the output [8, 2] (values) nor [8] (class indices)", e.getMessage());
    RecurException ce = assertThrows(RecurException.class,
        () -> loss(new CrossEntropyLossFactory()).compute(Tensor.zeros(8, 2), Tensor.zeros(8, 3), null));
    assertEquals("loss 'cross-entropy': target [8, 3] fits neither [8] (class indices) nor [8, 2] (class probabilities)"
        + " for output [8, 2]", ce.getMessage());
    RecurException nll = assertThrows(RecurException.class,
        () -> loss(new NllLossFactory()).compute(Tensor.zeros(8, 2), Tensor.zeros(8, 2), null));
    assertEquals("loss 'nll': target [8, 2] fits neither [8] (class indices) for output [8, 2]", nll.getMessage());
  }

  @Test
  void rejectsAClassIndexOutsideTheOutput() {
    RecurException e = assertThrows(RecurException.class, () -> loss(new CrossEntropyLossFactory())
        .compute(Tensor.zeros(2, 3), Tensor.of(new float[] {1, 3}, 2), null));
    assertEquals("loss 'cross-entropy': target 3.0 at position 1 is not a class index in [0, 3)", e.getMessage());
    RecurException fraction = assertThrows(RecurException.class, () -> loss(new NllLossFactory())
        .compute(Tensor.zeros(2, 3), Tensor.of(new float[] {1, 0.5f}, 2), null));
    assertEquals("loss 'nll': target 0.5 at position 1 is not a class index in [0, 3)", fraction.getMessage());
  }

  @Test
  void rejectsAMaskThatDoesNotFitTheTimeAxis() {
    RecurException e = assertThrows(RecurException.class, () -> loss(new MseLossFactory())
        .compute(Tensor.zeros(2, 5, 1), Tensor.zeros(2, 5, 1), Tensor.zeros(2, 4)));
    assertEquals("loss 'mse': mask [2, 4] does not fit output [2, 5, 1]; expected [2, 5]", e.getMessage());
  }

  @Test
  void bceRejectsValuesThatAreNotProbabilities() {
    RecurException e = assertThrows(RecurException.class, () -> loss(new BceLossFactory())
        .compute(Tensor.of(new float[] {0.5f, 1.5f}, 2, 1), Tensor.of(new float[] {1, 0}, 2), null));
    assertEquals("loss 'bce': expects probabilities in [0, 1] (end the model with a sigmoid or softmax activation,"
        + " or use cross-entropy on logits), got 1.5 at element 1", e.getMessage());
  }

  @Test
  void crossEntropyStaysFiniteOnHugeLogits() {
    Tensor logits = Tensor.of(new float[] {3e38f, -3e38f, 0f, 1e30f}, 2, 2).requireGrad(true);
    Tensor value = loss(new CrossEntropyLossFactory()).compute(logits, Tensor.of(new float[] {0, 1}, 2), null);
    assertEquals(0f, value.item());
    value.backward();
    assertArrayEquals(new float[] {0, 0, 0, 0}, logits.grad(), 1e-7f);
  }

  /**
   * Class indices take a shorter path than class probabilities; one-hot probabilities are the
   * same targets and must give the same bits (65 classes: the kernels' vector body and tail).
   */
  @Test
  void classIndicesGiveTheBitsOfOneHotProbabilities() {
    int rows = 12;
    int classes = 65;
    java.util.Random random = new java.util.Random(8);
    float[] logits = new float[rows * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (random.nextFloat() - 0.5f) * 20f;
    }
    float[] index = new float[rows];
    float[] oneHot = new float[rows * classes];
    float[] mask = new float[rows];
    for (int r = 0; r < rows; r++) {
      index[r] = random.nextInt(classes);
      oneHot[r * classes + (int) index[r]] = 1f;
      mask[r] = r % 5 == 4 ? 0f : 1f;
    }
    Loss ce = loss(new CrossEntropyLossFactory());
    Tensor byIndex = Tensor.of(logits.clone(), 1, rows, classes).requireGrad(true);
    Tensor byProbability = Tensor.of(logits.clone(), 1, rows, classes).requireGrad(true);
    Tensor lossByIndex = ce.compute(byIndex, Tensor.of(index, 1, rows), Tensor.of(mask, 1, rows));
    Tensor lossByProbability = ce.compute(byProbability, Tensor.of(oneHot, 1, rows, classes), Tensor.of(mask, 1, rows));
    assertEquals(Float.floatToIntBits(lossByProbability.item()), Float.floatToIntBits(lossByIndex.item()));
    lossByIndex.backward();
    lossByProbability.backward();
    assertArrayEquals(byProbability.grad(), byIndex.grad());
    float[] grad = byIndex.grad();
    for (int j = 0; j < classes; j++) {
      assertEquals(0f, grad[4 * classes + j], "a masked row has no gradient");
    }
  }

  @Test
  void factoriesDeclareReductionAndDefaults() {
    for (LossFactory f : List.of(new MseLossFactory(), new MaeLossFactory(), new BceLossFactory(),
        new CrossEntropyLossFactory(), new NllLossFactory())) {
      assertEquals("reduction", f.params().get(0).name(), f.name());
      assertEquals("mean", f.params().get(0).defaultValue().orElseThrow(), f.name());
    }
    assertEquals(0.0, CrossEntropyLossFactory.LABEL_SMOOTHING.defaultValue().orElseThrow());
    assertEquals("cross-entropy", new CrossEntropyLossFactory().name());
  }

  @Test
  void eachBuiltInLossDeclaresWhatTheModelOutputs() {
    assertEquals(OutputKind.LOGITS, loss(new CrossEntropyLossFactory()).outputKind());
    assertEquals(OutputKind.LOG_PROBABILITIES, loss(new NllLossFactory()).outputKind());
    assertEquals(OutputKind.PROBABILITIES, loss(new BceLossFactory()).outputKind());
    assertEquals(OutputKind.VALUES, loss(new MseLossFactory()).outputKind());
    assertEquals(OutputKind.VALUES, loss(new MaeLossFactory()).outputKind());
  }

  @Test
  void aLossThatSaysNothingHasItsOutputsTakenAsProbabilities() {
    Loss plain = (output, target, mask) -> output;
    assertEquals(OutputKind.PROBABILITIES, plain.outputKind());
  }
}
