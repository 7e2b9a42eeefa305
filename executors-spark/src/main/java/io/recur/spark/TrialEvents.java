package io.recur.spark;

import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Tells the sweep's listener when a trial starts (its task's first attempt begins on an
 * executor, heard from Spark's listener bus) and when it finishes (its job ended), once each and
 * in that order, whichever thread hears first.
 */
final class TrialEvents extends SparkListener {
  /** The local property naming the trial (its index) of the jobs submitted under it. */
  static final String TRIAL_PROPERTY = "recur.trial.index";

  private final Map<Integer, PortableTrial> byIndex = new ConcurrentHashMap<>();
  private final Map<Integer, PortableTrial> byStage = new ConcurrentHashMap<>();
  private final TrialListener listener;
  private final Set<Integer> started = new HashSet<>();

  TrialEvents(List<PortableTrial> trials, TrialListener listener) {
    trials.forEach(t -> byIndex.put(t.index(), t));
    this.listener = listener;
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    String index = event.properties() == null ? null : event.properties().getProperty(TRIAL_PROPERTY);
    if (index != null) {
      PortableTrial trial = byIndex.get(Integer.parseInt(index));
      if (trial != null) {
        byStage.put(event.stageInfo().stageId(), trial);
      }
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart event) {
    PortableTrial trial = byStage.get(event.stageId());
    if (trial != null) {
      started(trial);
    }
  }

  private synchronized void started(PortableTrial trial) {
    if (started.add(trial.index())) {
      listener.started(trial);
    }
  }

  synchronized void finished(PortableTrial trial, TrialResult result) {
    started(trial);
    listener.finished(trial, result);
  }
}
