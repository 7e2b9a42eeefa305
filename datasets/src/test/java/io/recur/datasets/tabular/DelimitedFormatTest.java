package io.recur.datasets.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.RecurException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedFormatTest {
  @Test
  void tsvSplitsOnTabsKeepsEmptyFieldsAndSkipsBlankLines() {
    List<Row> rows = DelimitedFormat.TSV.parse("a\tb\r\n\n x\t\n", "f.tsv");
    assertEquals(List.of(new Row(1, List.of("a", "b")), new Row(3, List.of(" x", ""))), rows);
  }

  @Test
  void csvHandlesRfc4180Quoting() {
    String text = "sequence,label\r\n"
        + "\"a,b\",\"say \"\"hi\"\"\"\r\n"
        + "\"two\nlines\",x\n"
        + "plain,\"\"\n"
        + "5\" pipe,y";
    List<Row> rows = DelimitedFormat.CSV.parse(text, "f.csv");
    assertEquals(List.of(
        new Row(1, List.of("sequence", "label")),
        new Row(2, List.of("a,b", "say \"hi\"")),
        new Row(3, List.of("two\nlines", "x")),
        new Row(5, List.of("plain", "")),
        new Row(6, List.of("5\" pipe", "y"))), rows);
  }

  @Test
  void csvSkipsBlankLinesAndAByteOrderMark() {
    List<Row> rows = DelimitedFormat.CSV.parse("\uFEFFa,b\n\n1,2\n\n", "f.csv");
    assertEquals(List.of(new Row(1, List.of("a", "b")), new Row(3, List.of("1", "2"))), rows);
  }

  @Test
  void csvKeepsAQuotedEmptyLineAsARecord() {
    assertEquals(List.of(new Row(1, List.of(""))), DelimitedFormat.CSV.parse("\"\"\n", "f.csv"));
  }

  @Test
  void csvRejectsAnUnclosedQuote() {
    RecurException e = assertThrows(RecurException.class,
        () -> DelimitedFormat.CSV.parse("a,b\n1,2\n\"open,3\n4,5\n", "f.csv"));
    assertEquals("f.csv:3: a quoted field opened here is never closed; expected a closing '\"' (write a quote"
        + " inside a field as '\"\"')", e.getMessage());
  }

  @Test
  void csvRejectsTextAfterAClosingQuote() {
    RecurException e = assertThrows(RecurException.class,
        () -> DelimitedFormat.CSV.parse("a,b\n\"x\ny\"z,1\n", "f.csv"));
    assertEquals("f.csv:3: expected ',' or the end of the line after a closing quote, got 'z' (write a quote"
        + " inside a field as '\"\"')", e.getMessage());
  }
}
