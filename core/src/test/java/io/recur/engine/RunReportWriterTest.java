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
    Map<String, Object> values = new HashMap<>();
    values.put("evaluation", evaluation);
    values.put("carry_state", carryState);
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
}
