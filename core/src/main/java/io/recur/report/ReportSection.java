package io.recur.report;

import java.util.Optional;

/**
 * One task-specific part of {@code report.html}: the confusion matrix of a classifier, generated
 * samples of a language model, prediction against truth for a series, input/target/output rows
 * of an encoder–decoder. Sections are bound with a Guice multibinder ({@code
 * Multibinder.newSetBinder(binder(), ReportSection.class)}), so a plugin's {@code guiceModules()}
 * can add its own; they appear in binding order.
 *
 * <p>Called once per report, after training, on the thread that trained. A section that throws
 * is left out with a note in its place; the run is not failed for it.
 */
public interface ReportSection {
  /** The heading, e.g. {@code Confusion matrix}. */
  String title();

  /**
   * The section's HTML body, or empty when it does not apply to this run (a confusion matrix
   * for a regression). The fragment must be self-contained: inline styles, images as {@code
   * data:} URIs, nothing fetched from the network. Escape text with {@link Html#escape}.
   */
  Optional<String> render(ReportContext context);
}
