package io.recur.cli;

import io.recur.io.InputLines;
import io.recur.spi.RecurException;
import java.util.Arrays;
import java.util.List;

/**
 * One numeric column of a CSV file with a header row, read as one series: {@code recur predict
 * --column Passengers} on a file of monthly rows gives the model the whole column as one item.
 * Fields are split on commas (a quoted field may not hold one); blank lines are skipped.
 */
final class CsvColumn {
  private CsvColumn() {}

  /**
   * The column's values as one comma-separated item, reading every remaining line of {@code lines}.
   *
   * @throws RecurException naming the file and line of a missing column, a short row or a value
   *     that is not a number
   */
  static String read(InputLines lines, String column) {
    InputLines.Line header = null;
    int index = -1;
    StringBuilder values = new StringBuilder();
    for (InputLines.Line line : lines) {
      if (line.isBlank()) {
        continue;
      }
      List<String> fields = Arrays.stream(line.text().split(",", -1)).map(f -> unquoted(f.strip())).toList();
      if (header == null) {
        header = line;
        index = fields.indexOf(column);
        if (index < 0) {
          throw new RecurException(lines.file() + ":" + line.number() + ": no column '" + column + "' in the header;"
              + " found " + String.join(", ", fields));
        }
        continue;
      }
      if (fields.size() <= index) {
        throw new RecurException(lines.file() + ":" + line.number() + ": " + fields.size() + " fields; expected column '"
            + column + "' (field " + (index + 1) + ")");
      }
      String value = fields.get(index);
      try {
        Float.parseFloat(value);
      } catch (NumberFormatException e) {
        throw new RecurException(lines.file() + ":" + line.number() + ": column '" + column + "' holds '" + value
            + "'; expected a number");
      }
      values.append(values.length() > 0 ? "," : "").append(value);
    }
    if (values.length() == 0) {
      throw new RecurException(lines.file() + ": no values in column '" + column + "'; expected a header row and at"
          + " least one row of numbers");
    }
    return values.toString();
  }

  private static String unquoted(String field) {
    return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
        ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
  }
}
