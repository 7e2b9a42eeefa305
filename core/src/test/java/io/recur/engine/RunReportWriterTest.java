package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Params;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportWriterTest {
  /** Training parameters as the validator resolves them: an unset optional key is present as null. */
  private static Params training(String evaluation, Boolean carryState) {
    return training(evaluation, carryState, null);
  }

  private static Params training(String evaluation, Boolean carryState, Params adaptation) {
    Map<String, Object> values = new HashMap<>();
    values.put("evaluation", evaluation);
    values.put("carry_state", carryState);
    values.put("adaptation", adaptation);
    return Params.of(values);
  }

  @Test
  void theReportSaysWhichLanguageModelNumberItShowsWhereBothMakeSense() {
    assertTrue(RunReportWriter.evaluationNote(training("stream", null))
        .startsWith("Validation and test text are scored as one stream"));
    assertTrue(RunReportWriter.evaluationNote(training("windows", null))
        .contains("window by window"));
    assertTrue(RunReportWriter.evaluationNote(training(null, true))
        .contains("window by window"), "a run trained on a stream but scored by windows says so");
    assertNull(RunReportWriter.evaluationNote(training(null, null)), "a classifier's report has no such note");
  }

  @Test
  void theReportSaysTheAdaptedTestNumbersLearnFromTheTextAndHowMuch() {
    Params adaptation = Params.of(Map.of("learning_rate", 0.002, "decay", 0.01, "segment", 40));
    String note = RunReportWriter.evaluationNote(training("stream", true, adaptation));
    assertTrue(note.startsWith("Validation and test text are scored as one stream"), note);
    assertTrue(note.contains("test.adapted.*") && note.contains("after every 40 characters, a step of 0.002")
        && note.contains("0.01 of the way to the trained weights"), note);
    assertTrue(!RunReportWriter.evaluationNote(training("stream", true)).contains("adapted"));
  }
}
