package org.example.recurplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.Loss;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import io.recur.testkit.TestParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FocalLossTest {
  private static final FocalLossFactory FOCAL = new FocalLossFactory();

  private static Loss focal(Map<String, ?> params) {
    return FOCAL.create(TestParams.resolve(FOCAL, params));
  }

  @Test
  void withoutFocusingItIsCrossEntropyOnProbabilities() {
    Tensor p = Tensor.of(new float[] {0.7f, 0.3f, 0.2f, 0.8f}, 2, 2);
    Tensor target = Tensor.of(new float[] {0, 0}, 2);
    double expected = -(Math.log(0.7) + Math.log(0.2)) / 2;
    assertEquals(expected, focal(Map.of("gamma", 0.0)).compute(p, target, null).item(), 1e-5);
  }

  @Test
  void focusingDownWeightsWellClassifiedExamples() {
    Tensor easy = Tensor.of(new float[] {0.9f, 0.1f}, 1, 2);
    Tensor target = Tensor.of(new float[] {0}, 1);
    double ce = -Math.log(0.9);
    assertEquals(0.01 * ce, focal(Map.of("gamma", 2.0)).compute(easy, target, null).item(), 1e-6);
  }

  @Test
  void classWeightsWeighEachRowByItsTrueClass() {
    Tensor p = Tensor.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, 2, 2);
    Tensor target = Tensor.of(new float[] {0, 1}, 2);
    double loss = focal(Map.of("gamma", 0.0, "class_weights", List.of(1.0, 3.0))).compute(p, target, null).item();
    assertEquals(-Math.log(0.5), loss, 1e-6, "a weighted mean of equal terms is that term");
  }

  @Test
  void paddedStepsAddNothing() {
    // [N=1, T=2, C=2]: the padded second step is wrong with certainty, and must not count
    Tensor p = Tensor.of(new float[] {0.6f, 0.4f, 0f, 1f}, 1, 2, 2);
    Tensor target = Tensor.of(new float[] {0, 0}, 1, 2);
    Tensor mask = Tensor.of(new float[] {1, 0}, 1, 2);
    assertEquals(-Math.log(0.6), focal(Map.of("gamma", 0.0)).compute(p, target, mask).item(), 1e-6);
  }

  @Test
  void backwardMatchesFiniteDifferencesThroughASoftmax() {
    Tensor logits = GradCheck.random(3, 4, 3);
    Tensor target = Tensor.of(new float[] {0, 2, 1, 2}, 4);
    List<Map<String, ?>> settings = List.of(Map.of(), Map.of("gamma", 0.5, "class_weights", List.of(0.2, 1.0, 2.0)));
    for (Map<String, ?> params : settings) {
      Loss loss = focal(params);
      GradCheck.check(in -> loss.compute(in.get(0).softmax(), target, null), List.of(logits));
    }
  }

  @Test
  void aTargetThatIsNotAClassIsNamed() {
    RecurException e = assertThrows(RecurException.class, () -> focal(Map.of())
        .compute(Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), Tensor.of(new float[] {2}, 1), null));
    assertEquals("loss 'focal': target 2.0 at row 0 is not a class index in [0, 2)", e.getMessage());
  }

  @Test
  void classWeightsMustMatchTheClasses() {
    RecurException e = assertThrows(RecurException.class, () -> focal(Map.of("class_weights", List.of(1.0)))
        .compute(Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), Tensor.of(new float[] {0}, 1), null));
    assertEquals("loss 'focal': class_weights has 1 entries, but the model outputs 2 classes", e.getMessage());
  }
}
