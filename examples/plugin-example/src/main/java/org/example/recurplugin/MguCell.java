package org.example.recurplugin;

import io.recur.spi.CellFactory;
import io.recur.spi.CellStep;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurrentCell;
import java.util.List;

/**
 * {@code mgu}: the minimal gated unit (Zhou et al. 2016), a GRU with one gate, in the "reset
 * after" form PyTorch's GRU uses, so that the hidden projection of a whole step is one matrix
 * product:
 *
 * <pre>
 *   f  = σ(W_if x + b_if + W_hf h + b_hf)
 *   n  = tanh(W_in x + b_in + f·(W_hn h + b_hn))
 *   h' = (1 − f)·h + f·n
 * </pre>
 *
 * Gate blocks f, n; since f multiplies {@code q = W_hn h + b_hn}, the n block keeps its recurrent
 * part apart (one separate block) and q is kept for backward (one saved block). Local
 * derivatives, with d the gradient of h': {@code da_n = d·f·(1 − n²)}, {@code da_f = (d·(n − h) +
 * da_n·q)·f(1 − f)}, {@code dq = da_n·f}, {@code dh = d·(1 − f)} plus what flows through the
 * gates. The whole layer (time loop, masks, directions, stacking, the encoder–decoder) comes from
 * Recur's {@code recurrent} layer: {@code {type: recurrent, cell: mgu, units: 16}}.
 */
public final class MguCell implements RecurrentCell {
  private static final List<String> GATES = List.of("f", "n");

  /** The registered type, {@code mgu}; it has no params of its own. */
  public static final class Factory implements CellFactory {
    @Override
    public String name() {
      return "mgu";
    }

    @Override
    public String doc() {
      return "minimal gated unit: one forget gate f, h' = (1 − f)·h + f·n, gate order f, n";
    }

    @Override
    public List<ParamSpec<?>> params() {
      return List.of();
    }

    @Override
    public RecurrentCell create(Params params) {
      return new MguCell();
    }
  }

  @Override
  public List<String> gates() {
    return GATES;
  }

  @Override
  public int separateBlocks() {
    return 1;
  }

  @Override
  public int savedBlocks() {
    return 1;
  }

  @Override
  public void forward(CellStep step, int row) {
    int h = step.units();
    float[] a = step.gates();
    int g = step.gatesAt(row);
    float[] hh = step.hidden();
    int r = step.hiddenAt(row);
    float[] bias = step.recurrentBias();
    float[] hPrev = step.hPrev();
    int p = step.hPrevAt(row);
    float[] hNew = step.h();
    int o = step.hAt(row);
    float[] q = step.saved();
    int s = step.savedAt(row);
    for (int j = 0; j < h; j++) {
      float f = sigmoid(a[g + j] + hh[r + j]);
      float qj = hh[r + h + j] + bias[h + j];
      float n = tanh(a[g + h + j] + f * qj);
      a[g + j] = f;
      a[g + h + j] = n;
      q[s + j] = qj;
      hNew[o + j] = (1f - f) * hPrev[p + j] + f * n;
    }
  }

  @Override
  public void backward(CellStep step, int row) {
    int h = step.units();
    float[] a = step.gates();
    int g = step.gatesAt(row);
    float[] hPrev = step.hPrev();
    int p = step.hPrevAt(row);
    float[] q = step.saved();
    int s = step.savedAt(row);
    float[] dh = step.dh();
    int d0 = step.dhAt(row);
    float[] dIn = step.dInput();
    int i0 = step.dInputAt(row);
    float[] dhPrev = step.dhPrev();
    int dp = step.dhPrevAt(row);
    for (int j = 0; j < h; j++) {
      float f = a[g + j];
      float n = a[g + h + j];
      float d = dh[d0 + j];
      float dan = d * f * (1f - n * n);
      float df = d * (n - hPrev[p + j]) + dan * q[s + j];
      a[g + j] = df * f * (1f - f);
      a[g + h + j] = dan * f;
      dIn[i0 + j] = dan;
      dhPrev[dp + j] = d * (1f - f);
    }
  }

  // NOTE: StrictMath, not Math: Math.exp and Math.tanh may differ in the last bit between JVMs,
  // and Recur promises the same bits for the same config and seed everywhere
  private static float sigmoid(float x) {
    return (float) (1 / (1 + StrictMath.exp(-x)));
  }

  private static float tanh(float x) {
    return (float) StrictMath.tanh(x);
  }
}
