package io.recur.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lets engine code that prints to a {@link java.io.PrintStream} write through picocli's
 * configured {@link PrintWriter}, so tests capture everything a command prints.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) {
    pending.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public void flush() {
    writer.print(pending.toString(StandardCharsets.UTF_8));
    writer.flush();
    pending.reset();
  }
}
