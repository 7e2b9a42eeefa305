package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import io.recur.model.Model;
import io.recur.model.ModelSummary;
import io.recur.registry.Registry;
import io.recur.report.Curves;
import io.recur.report.ReportContext;
import io.recur.report.ReportSection;
import io.recur.report.RunReport;
import io.recur.run.RunDirectory;
import io.recur.spi.Dataset;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Writes a finished run's curves.png, report.html and confusion tables. */
final class RunReportWriter {
  private final ExperimentSpec spec;
  private final Registry registry;
  private final RunDirectory runDirectory;
  private final List<ReportSection> sections;
  private final RunProvenance provenance;
  private final Consumer<String> notice;

  RunReportWriter(ExperimentSpec spec, Registry registry, RunDirectory runDirectory, List<ReportSection> sections,
      RunProvenance provenance, Consumer<String> notice) {
    this.spec = requireNonNull(spec, "spec is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    this.sections = List.copyOf(sections);
    this.provenance = requireNonNull(provenance, "provenance is null");
    this.notice = requireNonNull(notice, "notice is null");
  }

  /**
   * curves.png and report.html. A failure here (no fonts for the plot, say) costs the report,
   * not the run: the model and metrics are already saved, so it is reported and training still
   * succeeds.
   */
  void write(Dataset dataset, Model model, Progress progress, Map<String, Boolean> higherIsBetter,
      Map<String, Double> baselines, String config, EarlyStopping earlyStopping, ModelSummary summary, FinalTest test) {
    List<EpochResult> history = progress.history();
    String status;
    if (progress.stopReason() != null) {
      status = "Stopped early after " + history.size() + " of " + spec.training().get(TrainingParams.EPOCHS)
          + " epochs (" + progress.stopReason() + ").";
    } else {
      status = "Completed " + history.size() + " epochs.";
    }
    Map<String, String> missing = new LinkedHashMap<>();
    try {
      io.recur.report.ClassConfusion.writeAll(runDirectory.path(), model, dataset); // confusion-<split>.csv
    } catch (RuntimeException e) {
      missing.put(RunDirectory.CONFUSION_PREFIX + "<split>" + RunDirectory.CONFUSION_SUFFIX, reason(e));
    }
    byte[] png = null;
    try {
      png = Curves.png(history).orElse(null);
    } catch (RuntimeException | LinkageError | InternalError e) {
      missing.put(RunDirectory.CURVES, reason(e));
    }
    try {
      ReportContext context = new ReportContext(spec.name(), config, runDirectory.path(), model, dataset,
          dataset.schema(), registry.loss(spec.loss().type()).create(spec.loss().params()).outputKind(), history, higherIsBetter, baselines, status,
          earlyStopping == null ? -1 : progress.bestEpoch(), earlyStopping == null ? null : earlyStopping.monitor().column(), summary, test,
          evaluationNote(spec.training()));
      runDirectory.writeReport(RunReport.html(context, Optional.ofNullable(png), sections), png);
    } catch (RuntimeException e) {
      missing.put(png != null && !Files.exists(runDirectory.path().resolve(RunDirectory.CURVES))
          ? RunDirectory.CURVES + ", " + RunDirectory.REPORT : RunDirectory.REPORT, reason(e));
    }
    missing.forEach((file, why) -> notice.accept("warning: " + file + " not written: " + why));
    provenance.recordIncomplete(missing);
  }

  /**
   * Which of the two language-model numbers the report's held-out metrics are: said where the
   * config chooses (training.evaluation) or trains on a stream (carry_state), where both make sense.
   */
  static String evaluationNote(Params training) {
    String mode = training.get(TrainingParams.EVALUATION);
    boolean carries = Boolean.TRUE.equals(training.get(TrainingParams.CARRY_STATE));
    if ("stream".equals(mode)) {
      String stream = "Validation and test text are scored as one stream, the state carried from window to window, so"
          + " every character is predicted with its whole left context (training.evaluation: stream).";
      Params adaptation = training.get(TrainingParams.ADAPTATION);
      if (adaptation == null) {
        return stream;
      }
      AdaptiveEvaluation.Settings a = AdaptiveEvaluation.Settings.of(adaptation);
      return stream + " The test text is also scored by a model that keeps learning from the text it has scored"
          + " (test.adapted.*, dynamic evaluation: after every " + a.segment() + " characters, a step of "
          + a.learningRate() + " on their loss, pulled back " + a.decay() + " of the way to the trained weights);"
          + " each character is still predicted from the text before it only, and model/ holds the trained weights.";
    }
    if (mode != null || carries) {
      return "Validation and test text are scored window by window, each window from a zero state, so a window's"
          + " first characters have little context (training.evaluation: windows; stream gives the standard"
          + " language-model number).";
    }
    return null;
  }

  /** The message of a failure, for a warning line. */
  static String reason(Throwable e) {
    return e instanceof RecurException && e.getMessage() != null ? e.getMessage() : String.valueOf(e);
  }
}
