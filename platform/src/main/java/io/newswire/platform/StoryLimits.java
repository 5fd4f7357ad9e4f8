package io.newswire.platform;

/**
 * The pipeline's one size contract: the largest story Newswire takes, and the Kafka record limit
 * derived from it that every Newswire producer ({@code max.request.size}) and every story-carrying
 * topic ({@code max.message.bytes}) is configured with, so that a story ingest accepts can always
 * be written, enriched, published and dead-lettered.
 *
 * <p>The setting is {@code NEWSWIRE_MAX_STORY_BYTES} (default 1048576, 1 MiB), read by every
 * service, the CLI and provisioning ({@link KafkaSettings#from}); {@code INGEST_MAX_BODY_BYTES} is
 * its deprecated alias. It is the largest request body ingest accepts and the largest feed item it
 * takes. Call it M. What a record can hold:
 *
 * <ul>
 *   <li>A raw record ({@code RawStory}, news.raw.v1) holds the payload as received (at most M
 *       bytes) and the text parsed from it, in UTF-8. Decoding can grow text: a windows-1252 byte
 *       can become 3 UTF-8 bytes (0x80 is €, U+20AC), an ISO-8859-1 byte 2 (0xE9 is é); markup,
 *       JSON escapes and XML character references only shrink. So the parsed fields take at most 3M
 *       and a raw record at most 4M, plus its metadata (ids, times, fields given in headers:
 *       kilobytes).
 *   <li>An enriched record ({@code EnrichedStory}) holds the normalized text, not the payload.
 *       Unicode NFC can grow text (at most 3 times, UAX #15), but only text that arrived as UTF-8,
 *       at most M bytes; text decoded from windows-1252 or ISO-8859-1 is already NFC. So at most
 *       3M, plus a derived headline (120 characters) and the tags with their mentions (capped per
 *       tag: tens of KiB). A published {@code NewsEvent} carries the same text.
 *   <li>A dead letter ({@code DeadLetter}, news.dlq.v1) wraps an original record whole, with the
 *       reason, the headers and where it came from.
 * </ul>
 *
 * <p>So the record limit is {@code 4 × M + 1 MiB} ({@link #maxRecordBytes()}, 5 MiB by default):
 * room for the largest raw record, the largest record there is, and a fixed 1 MiB for what does not
 * grow with the story — metadata, mentions, and a dead letter's envelope around a raw record.
 * Ingest holds what it writes to {@code 4 × M + 512 KiB} ({@link #maxRawRecordBytes()}): by the
 * arithmetic above a story of M bytes never comes near it, and a raw record that is dead-lettered
 * later still fits with 512 KiB for the reason and headers.
 *
 * <p>M is between 1 KiB and 16 MiB: at 16 MiB a record may take 65 MiB, still under the broker's
 * default {@code socket.request.max.bytes} (100 MiB), above which the broker refuses a produce
 * request whatever the topic allows.
 */
public record StoryLimits(int maxStoryBytes) {
  /** The setting. */
  public static final String ENV = "NEWSWIRE_MAX_STORY_BYTES";

  /** The deprecated alias of {@link #ENV}, from when only ingest's body limit was configurable. */
  public static final String DEPRECATED_ENV = "INGEST_MAX_BODY_BYTES";

  public static final int DEFAULT_MAX_STORY_BYTES = 1 << 20;
  public static final int MIN_MAX_STORY_BYTES = 1 << 10;
  public static final int MAX_MAX_STORY_BYTES = 16 << 20;

  /**
   * What a record may take beyond four times the story: metadata, mentions, a dead letter's
   * envelope.
   */
  static final int HEADROOM_BYTES = 1 << 20;

  /**
   * The part of the headroom kept free above a raw record for its dead letter's reason and headers.
   */
  static final int DEAD_LETTER_ROOM_BYTES = 512 << 10;

  public static final StoryLimits DEFAULT = new StoryLimits(DEFAULT_MAX_STORY_BYTES);

  public StoryLimits {
    if (maxStoryBytes < MIN_MAX_STORY_BYTES || maxStoryBytes > MAX_MAX_STORY_BYTES) {
      throw new IllegalArgumentException(
          ENV
              + " must be between "
              + MIN_MAX_STORY_BYTES
              + " and "
              + MAX_MAX_STORY_BYTES
              + " bytes, got "
              + maxStoryBytes);
    }
  }

  /**
   * From {@code NEWSWIRE_MAX_STORY_BYTES}, else its deprecated alias {@code INGEST_MAX_BODY_BYTES},
   * else the default. Both set to different values is a configuration error.
   */
  public static StoryLimits from(Env env) {
    int alias = env.integer(DEPRECATED_ENV, DEFAULT_MAX_STORY_BYTES);
    int value = env.integer(ENV, alias);
    if (env.string(ENV, null) != null
        && env.string(DEPRECATED_ENV, null) != null
        && value != alias) {
      throw new IllegalArgumentException(
          ENV
              + "="
              + value
              + " and its deprecated alias "
              + DEPRECATED_ENV
              + "="
              + alias
              + " disagree; set "
              + ENV
              + " only");
    }
    return new StoryLimits(value);
  }

  /** True when {@code env} sets the limit only through the deprecated alias. */
  public static boolean usesDeprecatedAlias(Env env) {
    return env.string(ENV, null) == null && env.string(DEPRECATED_ENV, null) != null;
  }

  /** The largest Kafka record of any story topic: {@code 4 × M + 1 MiB}. */
  public int maxRecordBytes() {
    return 4 * maxStoryBytes + HEADROOM_BYTES;
  }

  /**
   * The largest raw record ingest writes: {@code 4 × M + 512 KiB}, leaving room for its dead
   * letter.
   */
  public int maxRawRecordBytes() {
    return maxRecordBytes() - DEAD_LETTER_ROOM_BYTES;
  }

  /**
   * A producer's buffer for records of {@link #maxRecordBytes()}: Kafka's default 32 MiB, or two of
   * the largest records when that is more (a record larger than the buffer can never be sent).
   */
  public long producerBufferBytes() {
    return Math.max(32L << 20, 2L * maxRecordBytes());
  }

  /** For messages: {@code NEWSWIRE_MAX_STORY_BYTES=1048576}. */
  public String describe() {
    return ENV + "=" + maxStoryBytes;
  }
}
