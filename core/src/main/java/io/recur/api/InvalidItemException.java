package io.recur.api;

import io.recur.spi.RecurException;

/**
 * An item the model cannot take: a character outside its vocabulary, a number that does not
 * parse, a sequence of the wrong length. {@link #index()} says which item of the batch, so a
 * caller can name it its own way (a file's line, a request's {@code inputs[2]}); the message
 * reads {@code item 2: character 'é' is not in the model's vocabulary …}.
 */
public final class InvalidItemException extends RecurException {
  private final int index;
  private final String detail;

  public InvalidItemException(int index, String detail) {
    super("item " + index + ": " + detail);
    this.index = index;
    this.detail = detail;
  }

  /** The item's position in the batch, from 0. */
  public int index() {
    return index;
  }

  /** What is wrong with the item, without the {@code item N:} prefix. */
  public String detail() {
    return detail;
  }
}
