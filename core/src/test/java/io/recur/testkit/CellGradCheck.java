package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.spi.CellStep;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Node;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A finite-difference check of a {@link RecurrentCell}'s equations: one step of a few batch rows,
 * run through the cell's own {@code forward} and {@code backward} exactly as a recurrent layer runs
 * them, with every input of the step as a tensor of its own. It needs no layer module, so a plugin
 * that adds a cell checks it with core's test jar alone; once it passes, the layers' time loop,
 * directions and stacking (checked on the built-in cells) carry the cell's gradient through time.
 *
 * <p>The step's inputs: the pre-activations {@code a [N, G]} as {@link CellStep#gates()} holds
 * them, {@code h_prev [N, H]}, and {@code c_prev [N, H]} for a cell with a cell state; for a cell
 * with separate blocks also {@code W_hh·h [N, G]} ({@link CellStep#hidden()}) and {@code b_hh [G]}
 * ({@link CellStep#recurrentBias()}). The output is {@code [h | c]} per row. The analytic
 * gradients follow the contract of {@link RecurrentCell#backward}: {@code da} is the gate
 * gradient (its input side, {@link CellStep#dInput()}, for separate blocks), {@code dW_hh·h} is
 * the gate gradient of every block, {@code db_hh} its column sums over the separate blocks, and
 * {@code dh_prev}, {@code dc_prev} are what the cell writes for them (a layer adds {@code dG·W_hh}
 * to the former, which the hidden-projection input stands for here).
 */
public final class CellGradCheck {
  private CellGradCheck() {}

  /**
   * Checks {@code cell} on {@code batch} rows of {@code units} units with inputs drawn from
   * {@code seed} (scaled by 2, so the gates leave their linear range), with {@link GradCheck}'s
   * default tolerances.
   *
   * @throws AssertionError naming the input and element of every mismatch
   */
  public static void check(RecurrentCell cell, int batch, int units, long seed) {
    requireNonNull(cell, "cell is null");
    int g = cell.gates().size() * units;
    boolean separate = cell.separateBlocks() > 0;
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(GradCheck.random(seed, batch, g).scale(2f).detach().requireGrad(true));
    inputs.add(GradCheck.random(seed + 1, batch, units).detach().requireGrad(true));
    if (cell.hasCellState()) {
      inputs.add(GradCheck.random(seed + 2, batch, units).detach().requireGrad(true));
    }
    if (separate) {
      inputs.add(GradCheck.random(seed + 3, batch, g).detach().requireGrad(true));
      inputs.add(GradCheck.random(seed + 4, g).detach().requireGrad(true));
    }
    GradCheck.check(in -> {
      OneStep op = new OneStep(cell, units, in);
      return Tensor.record(op, op.result());
    }, inputs, GradCheck.DEFAULT_EPS, GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
  }

  /** One step as an op: forward runs the cell on copies of the inputs, backward the cell's backward. */
  private static final class OneStep extends Node {
    private final RecurrentCell cell;
    private final Buffers step;

    OneStep(RecurrentCell cell, int units, List<Tensor> in) {
      super(in.toArray(new Tensor[0]));
      this.cell = cell;
      this.step = new Buffers(cell, units, in);
      for (int row = 0; row < step.batch; row++) {
        cell.forward(step, row);
      }
    }

    /** The step's output: {@code [h | c]} per row. */
    Tensor result() {
      int h = step.units;
      int width = cell.hasCellState() ? 2 * h : h;
      float[] out = new float[step.batch * width];
      for (int row = 0; row < step.batch; row++) {
        System.arraycopy(step.h, row * h, out, row * width, h);
        if (cell.hasCellState()) {
          System.arraycopy(step.c, row * h, out, row * width + h, h);
        }
      }
      return Tensor.of(out, step.batch, width);
    }

    @Override
    public String name() {
      return "cell-step";
    }

    @Override
    protected void backward(float[] gradOut) {
      int h = step.units;
      int width = cell.hasCellState() ? 2 * h : h;
      for (int row = 0; row < step.batch; row++) {
        System.arraycopy(gradOut, row * width, step.dh, row * h, h);
        if (cell.hasCellState()) {
          System.arraycopy(gradOut, row * width + h, step.dc, row * h, h);
        }
      }
      for (int row = 0; row < step.batch; row++) {
        cell.backward(step, row);
      }
      Tensor[] in = inputs();
      int g = step.gateSize;
      int from = g - step.rest;
      float[] da = in[0].gradBuffer();
      for (int row = 0; row < step.batch; row++) {
        for (int j = 0; j < g; j++) {
          da[row * g + j] += j < from ? step.gates[row * g + j] : step.dInput[row * step.rest + j - from];
        }
      }
      add(step.dhPrev, in[1].gradBuffer());
      int next = 2;
      if (cell.hasCellState()) {
        add(step.dcPrev, in[next++].gradBuffer());
      }
      if (step.rest > 0) {
        add(step.gates, in[next].gradBuffer());
        float[] db = in[next + 1].gradBuffer();
        for (int row = 0; row < step.batch; row++) {
          for (int j = from; j < g; j++) {
            db[j] += step.gates[row * g + j];
          }
        }
      }
    }

    private static void add(float[] from, float[] into) {
      for (int i = 0; i < into.length; i++) {
        into[i] += from[i];
      }
    }
  }

  /** The step's buffers, one row after another, as a layer would lay out one step. */
  private static final class Buffers implements CellStep {
    final int batch;
    final int units;
    final int gateSize;
    final int rest;
    final int savedWidth;
    final float[] gates;
    final float[] hidden;
    final float[] bias;
    final float[] hPrev;
    final float[] h;
    final float[] cPrev;
    final float[] c;
    final float[] saved;
    final float[] dh;
    final float[] dc;
    final float[] dhPrev;
    final float[] dcPrev;
    final float[] dInput;

    Buffers(RecurrentCell cell, int units, List<Tensor> in) {
      this.units = units;
      this.gateSize = cell.gates().size() * units;
      this.batch = in.get(0).dim(0);
      this.rest = cell.separateBlocks() * units;
      this.savedWidth = cell.savedBlocks() * units;
      gates = in.get(0).data().clone();
      hPrev = in.get(1).data().clone();
      int next = 2;
      cPrev = cell.hasCellState() ? in.get(next++).data().clone() : null;
      hidden = rest > 0 ? in.get(next).data().clone() : null;
      bias = rest > 0 ? in.get(next + 1).data().clone() : null;
      int nh = batch * units;
      h = new float[nh];
      c = cell.hasCellState() ? new float[nh] : null;
      saved = new float[batch * savedWidth];
      dh = new float[nh];
      dc = new float[nh];
      dhPrev = new float[nh];
      dcPrev = new float[nh];
      dInput = new float[batch * rest];
    }

    @Override public int units() {
      return units;
    }

    @Override public float[] gates() {
      return gates;
    }

    @Override public int gatesAt(int row) {
      return row * gateSize;
    }

    @Override public float[] hidden() {
      return hidden;
    }

    @Override public int hiddenAt(int row) {
      return row * gateSize;
    }

    @Override public float[] recurrentBias() {
      return bias;
    }

    @Override public float[] hPrev() {
      return hPrev;
    }

    @Override public int hPrevAt(int row) {
      return row * units;
    }

    @Override public float[] h() {
      return h;
    }

    @Override public int hAt(int row) {
      return row * units;
    }

    @Override public float[] cPrev() {
      return cPrev;
    }

    @Override public int cPrevAt(int row) {
      return row * units;
    }

    @Override public float[] c() {
      return c;
    }

    @Override public int cAt(int row) {
      return row * units;
    }

    @Override public float[] saved() {
      return saved;
    }

    @Override public int savedAt(int row) {
      return row * savedWidth;
    }

    @Override public float[] dh() {
      return dh;
    }

    @Override public int dhAt(int row) {
      return row * units;
    }

    @Override public float[] dc() {
      return dc;
    }

    @Override public int dcAt(int row) {
      return row * units;
    }

    @Override public float[] dhPrev() {
      return dhPrev;
    }

    @Override public int dhPrevAt(int row) {
      return row * units;
    }

    @Override public float[] dcPrev() {
      return dcPrev;
    }

    @Override public int dcPrevAt(int row) {
      return row * units;
    }

    @Override public float[] dInput() {
      return dInput;
    }

    @Override public int dInputAt(int row) {
      return row * rest;
    }
  }
}
