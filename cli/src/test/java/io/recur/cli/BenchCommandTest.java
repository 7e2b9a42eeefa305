package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code recur bench}: its output format and its errors; never its timings. */
class BenchCommandTest {
  @Test
  void jsonPrintsOneObjectPerCaseWithTheIssuesKeys() {
    CliRunner.Result r = CliRunner.run("bench", "--case", "rnn-tiny", "--case", "gemm-512", "--json",
        "--seconds", "0.05", "--threads", "2");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) Json.read(lines.get(0));
    assertEquals(List.of("case", "threads", "value", "unit", "step_ms", "gflops", "peak_rss_mb"),
        List.copyOf(first.keySet()));
    assertEquals("rnn-tiny", first.get("case"));
    assertEquals(2, first.get("threads"));
    assertEquals("steps/s", first.get("unit"));
    assertTrue(((Number) first.get("value")).doubleValue() > 0, r.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> second = (Map<String, Object>) Json.read(lines.get(1));
    assertEquals("gemm-512", second.get("case"));
    assertEquals("GFLOPS", second.get("unit"));
  }

  @Test
  void theTableHasAHeaderAndOneLinePerCase() {
    CliRunner.Result r = CliRunner.run("bench", "--case", "classify", "--seconds", "0.05");
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("recur bench --suite peers:"), lines.get(0));
    assertTrue(lines.get(1).startsWith("classify"), lines.get(1));
    assertTrue(lines.get(1).contains("seq/s") && lines.get(1).contains("GFLOPS") && lines.get(1).contains("peak RSS"),
        lines.get(1));
  }

  @Test
  void anUnknownCaseIsABadInputNamingTheKnownOnes() {
    CliRunner.Result r = CliRunner.run("bench", "--case", "charlm-huge");
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertTrue(r.err().contains("unknown case 'charlm-huge' in suite peers; known: charlm-large, charlm-large-infer,"
        + " charlm-small, charlm-small-infer, classify, classify-infer, rnn-tiny, gemm-512, gemm-2048"), r.err());
  }

  @Test
  void anUnknownSuiteIsABadInput() {
    CliRunner.Result r = CliRunner.run("bench", "--suite", "all");
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertTrue(r.err().contains("unknown suite 'all'; known: peers, kernels"), r.err());
  }

  @Test
  void theKernelsSuiteTimesEachProductAlone() {
    CliRunner.Result r = CliRunner.run("bench", "--suite", "kernels", "--json", "--seconds", "0.05", "--threads", "2");
    assertEquals(0, r.exitCode(), r.err());
    List<String> names = r.out().lines().map(line -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> o = (Map<String, Object>) Json.read(line);
      assertEquals("GFLOPS", o.get("unit"), line);
      assertTrue(((Number) o.get("value")).doubleValue() > 0, line);
      return (String) o.get("case");
    }).toList();
    assertEquals(List.of("gemm-step", "gemm-step-small", "gemm-input", "gemm-narrow", "gemm-weight-grad"), names);
  }

  @Test
  void aCaseOfAnotherSuiteIsABadInput() {
    CliRunner.Result r = CliRunner.run("bench", "--suite", "kernels", "--case", "classify");
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertTrue(r.err().contains("unknown case 'classify' in suite kernels; known: gemm-step, gemm-step-small,"
        + " gemm-input, gemm-narrow, gemm-weight-grad"), r.err());
  }
}
