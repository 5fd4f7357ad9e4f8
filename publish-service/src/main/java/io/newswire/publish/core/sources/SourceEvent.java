package io.newswire.publish.core.sources;

/**
 * What source health learns about a source: a story received (an ingest receipt) or refusals (an
 * ingest refusal record, which may stand for several). The shells map the Avro records to these.
 */
public sealed interface SourceEvent {
  /**
   * The source: an agency code, a feed id ({@code <agency>@<host>}) or {@code _unauthenticated}.
   */
  String source();

  /** {@code agency} or {@code feed}. */
  String kind();

  /** When it happened, epoch milliseconds (ingest's clock). */
  long atMillis();

  /** A story version accepted from the source. */
  record Received(String source, String kind, long atMillis) implements SourceEvent {}

  /**
   * {@code count} refusals of one problem type; the status, title and detail are the last one's.
   *
   * @param type the problem type URI, or a slug
   */
  record Refused(
      String source,
      String kind,
      String type,
      int status,
      String title,
      String detail,
      long atMillis,
      int count)
      implements SourceEvent {}
}
