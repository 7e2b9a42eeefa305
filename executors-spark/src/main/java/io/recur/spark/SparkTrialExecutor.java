package io.recur.spark;

import io.recur.spi.sweep.DistributableTrialRunner;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code recur sweep --executor spark}: each trial is one Spark job of one task, so Spark places
 * trials on its executors, retries a task whose executor was lost, and one trial that fails for
 * good aborts only its own job. A task trains its trial on the executor with Recur's ordinary
 * training code ({@link io.recur.spi.sweep.TrialWorker}) into a local folder, then publishes the
 * finished folder to the trials directory in one rename ({@link TrialPublisher}); the driver
 * records each result in the sweep directory as it arrives.
 */
public final class SparkTrialExecutor implements TrialExecutor {
  public static final String NAME = "spark";
  /** How Spark's message begins when a task failed on every attempt (DAGScheduler.abortStage). */
  private static final String STAGE_FAILURE = "Job aborted due to stage failure";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "runs each trial as a task on Apache Spark: embedded (--spark-master local[*], the default) or on a "
        + "cluster (--spark-master spark://HOST:PORT); --conf key=value passes Spark settings (docs/distributed.md)";
  }

  @Override
  public void run(List<PortableTrial> trials, TrialRunner runner, Settings settings, TrialListener listener) {
    if (trials.isEmpty()) {
      return;
    }
    if (!(runner instanceof DistributableTrialRunner distributable)) {
      throw new IllegalArgumentException("the spark executor needs a " + DistributableTrialRunner.class.getSimpleName()
          + " to pack trials for its workers, got " + runner.getClass().getName());
    }
    SparkOptions options = SparkOptions.parse(settings.options(), distributable.trialsDirectory());
    // Spark and Hadoop look classes up through the context class loader: make it this plugin's, so
    // they find their file systems, and the executors of local mode find Spark, this plugin and
    // (through it) Recur's sweep API
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(SparkTrialExecutor.class.getClassLoader());
    try {
      TrialPublisher.prepare(options.trialsDirectory(), options.hadoopSettings());
      try (JavaSparkContext spark = new JavaSparkContext(options.sparkConf(ShippedJars.find()))) {
        runAll(spark, trials, distributable, options, new TrialEvents(trials, listener));
      }
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Submits one job per trial, then records each outcome as its job ends. */
  private static void runAll(JavaSparkContext spark, List<PortableTrial> trials, DistributableTrialRunner runner,
      SparkOptions options, TrialEvents events) {
    spark.sc().addSparkListener(events);
    TrialTask task = new TrialTask(options.trialsDirectory(), options.hadoopSettings());
    Map<PortableTrial, JavaFutureAction<List<TrialResult>>> jobs = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (PortableTrial trial : trials) {
      // a local property reaches the job's stage, which is how events tell which trial a task runs
      spark.setLocalProperty(TrialEvents.TRIAL_PROPERTY, Integer.toString(trial.index()));
      spark.setJobDescription("recur trial " + trial.id());
      jobs.put(trial, spark.parallelize(List.of(trial), 1).map(task).collectAsync());
    }
    spark.setLocalProperty(TrialEvents.TRIAL_PROPERTY, null);
    try {
      while (!jobs.isEmpty()) {
        boolean any = false;
        for (var it = jobs.entrySet().iterator(); it.hasNext(); ) {
          var job = it.next();
          if (job.getValue().isDone()) {
            it.remove();
            any = true;
            TrialResult result = outcome(spark, job.getKey(), job.getValue(), options, start);
            runner.recordFinished(result);
            events.finished(job.getKey(), result);
          }
        }
        if (!any) {
          Thread.sleep(100); // Spark's Java futures offer no completion callback; a tenth of a second is timely enough
        }
      }
    } catch (InterruptedException e) {
      jobs.values().forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for trials", e);
    }
  }

  /**
   * The trial's result: what its task returned, or, when Spark gave up on it (every attempt
   * failed), a failed result carrying Spark's reason, so the sweep goes on without it.
   *
   * @throws IllegalStateException when the job ended without an outcome of the trial's own
   *     (Ctrl-C stopping Spark, a cancelled job): the trial stays unfinished for {@code --resume}
   */
  private static TrialResult outcome(JavaSparkContext spark, PortableTrial trial, JavaFutureAction<List<TrialResult>> job,
      SparkOptions options, long start) throws InterruptedException {
    try {
      return job.get().get(0);
    } catch (CancellationException e) {
      throw new IllegalStateException("the Spark job of trial " + trial.id() + " was cancelled", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.getClass().getName());
      if (spark.sc().isStopped() || !reason.startsWith(STAGE_FAILURE)) {
        throw new IllegalStateException("Spark ended the job of trial " + trial.id() + " without running it to the "
            + "end: " + reason, cause);
      }
      return TrialResult.failed(trial, "Spark gave up on the trial after " + options.maxAttempts()
          + (options.maxAttempts() == 1 ? " attempt: " : " attempts: ") + reason, (System.nanoTime() - start) / 1e9);
    }
  }
}
