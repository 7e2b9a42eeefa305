package io.recur.builtin;

import io.recur.builtin.init.ConstantInitializerFactory;
import io.recur.builtin.init.GlorotNormalInitializerFactory;
import io.recur.builtin.init.GlorotUniformInitializerFactory;
import io.recur.builtin.init.HeNormalInitializerFactory;
import io.recur.builtin.init.HeUniformInitializerFactory;
import io.recur.builtin.init.NormalInitializerFactory;
import io.recur.builtin.init.OrthogonalInitializerFactory;
import io.recur.builtin.init.UniformFanInInitializerFactory;
import io.recur.builtin.init.UniformInitializerFactory;
import io.recur.builtin.init.ZerosInitializerFactory;
import io.recur.builtin.loss.BceLossFactory;
import io.recur.builtin.loss.CrossEntropyLossFactory;
import io.recur.builtin.loss.MaeLossFactory;
import io.recur.builtin.loss.MseLossFactory;
import io.recur.builtin.loss.NllLossFactory;
import io.recur.builtin.metric.AccuracyMetricFactory;
import io.recur.builtin.metric.BalancedAccuracyMetricFactory;
import io.recur.builtin.metric.BinomialPValueMetricFactory;
import io.recur.builtin.metric.BitsPerCharacterMetricFactory;
import io.recur.builtin.metric.CrossEntropyMetricFactory;
import io.recur.builtin.metric.LossMetricFactory;
import io.recur.builtin.metric.MseMetricFactory;
import io.recur.builtin.metric.PerplexityMetricFactory;
import io.recur.builtin.metric.SequenceAccuracyMetricFactory;
import io.recur.builtin.metric.TopKAccuracyMetricFactory;
import io.recur.builtin.optim.AdagradOptimizerFactory;
import io.recur.builtin.optim.AdamOptimizerFactory;
import io.recur.builtin.optim.RmsPropOptimizerFactory;
import io.recur.builtin.optim.SgdOptimizerFactory;
import io.recur.spi.InitializerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.MetricFactory;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.RecurPlugin;
import java.util.List;

/**
 * The losses, optimizers, metrics and initialisers built into core. Registered through core's
 * own {@code META-INF/services/io.recur.spi.RecurPlugin}, the same path a plugin jar takes.
 */
public final class CorePlugin implements RecurPlugin {
  @Override
  public List<LossFactory> losses() {
    return List.of(new MseLossFactory(), new MaeLossFactory(), new BceLossFactory(),
        new CrossEntropyLossFactory(), new NllLossFactory());
  }

  @Override
  public List<OptimizerFactory> optimizers() {
    return List.of(new SgdOptimizerFactory(), new AdamOptimizerFactory(), new RmsPropOptimizerFactory(),
        new AdagradOptimizerFactory());
  }

  @Override
  public List<MetricFactory> metrics() {
    return List.of(new AccuracyMetricFactory(), new TopKAccuracyMetricFactory(), new LossMetricFactory(),
        new BinomialPValueMetricFactory(), new CrossEntropyMetricFactory(), new BitsPerCharacterMetricFactory(),
        new PerplexityMetricFactory(), new BalancedAccuracyMetricFactory(), new SequenceAccuracyMetricFactory(),
        new MseMetricFactory());
  }

  @Override
  public List<InitializerFactory> initializers() {
    return List.of(new ZerosInitializerFactory(), new ConstantInitializerFactory(), new UniformInitializerFactory(),
        new NormalInitializerFactory(), new GlorotUniformInitializerFactory(), new GlorotNormalInitializerFactory(),
        new HeUniformInitializerFactory(), new HeNormalInitializerFactory(), new OrthogonalInitializerFactory(),
        new UniformFanInInitializerFactory());
  }
}
