package io.recur.datasets.tabular;

import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the text of a delimited file into {@link Row}s. Blank lines are skipped, {@code \n} and
 * {@code \r\n} both end a line, and a leading byte-order mark (as Excel writes) is dropped.
 */
enum DelimitedFormat {
  /**
   * Tab-separated: one record per line, no quoting, since a TSV field cannot hold a tab or a
   * line break (the IANA text/tab-separated-values definition).
   */
  TSV {
    @Override
    List<Row> parse(String text, String source) {
      List<Row> rows = new ArrayList<>();
      String[] lines = withoutBom(text).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        if (!line.isBlank()) {
          rows.add(new Row(i + 1, Arrays.asList(line.split("\t", -1))));
        }
      }
      return rows;
    }
  },

  /**
   * Comma-separated as in RFC 4180: a field in double quotes may hold commas, line breaks and
   * doubled quotes ({@code ""} for one {@code "}). A quote inside an unquoted field is kept as
   * it is, as Python's csv module does, since such files are common and unambiguous.
   */
  CSV {
    @Override
    List<Row> parse(String text, String source) {
      return new CsvParser(withoutBom(text), source).rows();
    }
  };

  abstract List<Row> parse(String text, String source);

  private static String withoutBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** One pass over the text, tracking the line number for messages. */
  private static final class CsvParser {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    CsvParser(String text, String source) {
      this.text = text;
      this.source = source;
    }

    List<Row> rows() {
      List<Row> rows = new ArrayList<>();
      while (pos < text.length()) {
        int start = line;
        List<String> fields = new ArrayList<>();
        boolean anyQuoted = false;
        while (true) {
          boolean quoted = pos < text.length() && text.charAt(pos) == '"';
          anyQuoted |= quoted;
          fields.add(quoted ? quotedField() : plainField());
          if (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
          } else {
            endOfLine();
            break;
          }
        }
        boolean blank = !anyQuoted && fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
          rows.add(new Row(start, fields));
        }
      }
      return rows;
    }

    private String plainField() {
      int from = pos;
      while (pos < text.length() && !isDelimiterOrEol(text.charAt(pos))) {
        pos++;
      }
      return text.substring(from, pos);
    }

    private String quotedField() {
      int opened = line;
      StringBuilder b = new StringBuilder();
      pos++;
      while (true) {
        if (pos >= text.length()) {
          throw new RecurException(source + ":" + opened + ": a quoted field opened here is never closed;"
              + " expected a closing '\"' (write a quote inside a field as '\"\"')");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
            b.append('"');
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        if (c == '\n') {
          line++;
        }
        b.append(c);
        pos++;
      }
      if (pos < text.length() && !isDelimiterOrEol(text.charAt(pos))) {
        throw new RecurException(source + ":" + line + ": expected ',' or the end of the line after a closing"
            + " quote, got '" + text.charAt(pos) + "' (write a quote inside a field as '\"\"')");
      }
      return b.toString();
    }

    private void endOfLine() {
      if (pos < text.length() && text.charAt(pos) == '\r') {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == '\n') {
        pos++;
      }
      line++;
    }

    private static boolean isDelimiterOrEol(char c) {
      return c == ',' || c == '\n' || c == '\r';
    }
  }
}
