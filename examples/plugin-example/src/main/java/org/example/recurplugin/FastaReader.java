package org.example.recurplugin;

import io.recur.spi.RecurException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads FASTA files: a record starts with a {@code >} header line, followed by sequence lines
 * (joined, whitespace dropped); blank lines and {@code ;} comment lines are skipped. The label is
 * one whitespace-separated field of the header: {@code >seq17 promoter} has id {@code seq17} and,
 * with the last field as label, label {@code promoter}.
 */
final class FastaReader {
  private final int labelField;
  private final boolean uppercase;

  /**
   * @param labelField which header field is the label: 0 the id, 1 the next, −1 the last, −2 the
   *     one before
   */
  FastaReader(int labelField, boolean uppercase) {
    this.labelField = labelField;
    this.uppercase = uppercase;
  }

  /** @param display the file as messages name it */
  List<FastaRecord> read(Path file, String display) {
    List<FastaRecord> records = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = null;
      String where = null;
      StringBuilder sequence = new StringBuilder();
      int lineNumber = 0;
      for (String line; (line = in.readLine()) != null; ) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith(";")) {
          continue;
        }
        if (trimmed.startsWith(">")) {
          if (header != null) {
            records.add(record(header, sequence, where));
          }
          header = trimmed.substring(1).strip();
          where = display + ":" + lineNumber;
          sequence.setLength(0);
        } else if (header == null) {
          throw new RecurException(display + ":" + lineNumber + ": sequence data before the first '>' header line");
        } else {
          for (int i = 0; i < trimmed.length(); i++) {
            if (!Character.isWhitespace(trimmed.charAt(i))) {
              sequence.append(trimmed.charAt(i));
            }
          }
        }
      }
      if (header != null) {
        records.add(record(header, sequence, where));
      }
    } catch (NoSuchFileException e) {
      throw new RecurException(display + ": no such FASTA file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + display + ": " + e.getMessage(), e);
    }
    return records;
  }

  private FastaRecord record(String header, StringBuilder sequence, String where) {
    String[] fields = header.isEmpty() ? new String[0] : header.split("\\s+");
    int index = labelField >= 0 ? labelField : fields.length + labelField;
    if (index < 0 || index >= fields.length) {
      throw new RecurException(where + ": header '>" + header + "' has no field " + labelField
          + " to take the label from (label_field: " + labelField + "; fields count from 0, negatives from the end)");
    }
    if (sequence.length() == 0) {
      throw new RecurException(where + ": record '" + fields[0] + "' has no sequence");
    }
    String s = uppercase ? sequence.toString().toUpperCase(Locale.ROOT) : sequence.toString();
    return new FastaRecord(fields[0], fields[index], s, where);
  }
}
