package io.recur.builtin.init;

import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A (semi-)orthogonal matrix times {@code gain}, like torch.nn.init.orthogonal_: the tensor is
 * seen as {@code [rows, cols]} with rows its first dimension; a standard normal matrix of that
 * shape (drawn row-major, transposed when rows &lt; cols) is QR-factorised and each column of the
 * reduced Q multiplied by the sign of R's diagonal entry. That sign correction makes the result
 * independent of the QR routine's own sign convention and the distribution uniform (Haar), per
 * Mezzadri, "How to generate random matrices from the classical compact groups" (2007).
 */
public final class OrthogonalInitializerFactory implements InitializerFactory {
  static final ParamSpec<Double> GAIN = ParamSpec.ofDouble("gain").byDefault(1.0).doc("scale applied to the orthogonal matrix");

  @Override public String name() {
    return "orthogonal";
  }

  @Override public String doc() {
    return "random (semi-)orthogonal matrix times gain, via QR of a normal matrix";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(GAIN);
  }

  @Override public Initializer create(Params params) {
    double gain = params.get(GAIN);
    return (tensor, fanIn, fanOut, random) -> fill(tensor, gain, random);
  }

  private void fill(Tensor tensor, double gain, RandomGenerator random) {
    if (tensor.rank() < 2) {
      throw new RecurException("initializer '" + name() + "' needs a parameter with at least 2 dimensions, got "
          + Shape.toString(tensor.shape()) + "; use it for weight matrices only");
    }
    int rows = tensor.dim(0);
    int cols = rows == 0 ? 0 : tensor.size() / rows;
    if (tensor.size() == 0) {
      return;
    }
    double[][] a = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        a[r][c] = random.nextGaussian();
      }
    }
    boolean wide = rows < cols;
    RealMatrix m = new Array2DRowRealMatrix(a, false);
    if (wide) {
      m = m.transpose();
    }
    int tall = m.getRowDimension(), narrow = m.getColumnDimension();
    QRDecomposition qr = new QRDecomposition(m);
    RealMatrix q = qr.getQ().getSubMatrix(0, tall - 1, 0, narrow - 1);
    RealMatrix r = qr.getR();
    for (int j = 0; j < narrow; j++) {
      double sign = Math.signum(r.getEntry(j, j));
      for (int i = 0; i < tall; i++) {
        q.setEntry(i, j, q.getEntry(i, j) * sign);
      }
    }
    if (wide) {
      q = q.transpose();
    }
    float[] x = tensor.data();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = (float) (gain * q.getEntry(i, j));
      }
    }
  }
}
