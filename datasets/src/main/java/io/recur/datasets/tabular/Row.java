package io.recur.datasets.tabular;

import java.util.List;

/**
 * One record of a delimited file.
 *
 * @param line the 1-based line the record starts on (a quoted CSV field may span several)
 * @param fields the field values, quotes removed
 */
record Row(int line, List<String> fields) {
  Row {
    fields = List.copyOf(fields);
  }
}
