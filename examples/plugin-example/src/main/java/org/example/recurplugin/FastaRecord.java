package org.example.recurplugin;

/**
 * One FASTA record: its label (taken from the header), its sequence, and where it was written.
 *
 * @param where {@code file:line} of the header, for messages
 */
record FastaRecord(String id, String label, String sequence, String where) {}
