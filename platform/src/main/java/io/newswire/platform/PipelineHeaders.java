package io.newswire.platform;

/** Record headers with a meaning across the pipeline. */
public final class PipelineHeaders {
  private PipelineHeaders() {}

  /** On a raw story re-injected by {@code newswire replay}: the replay's id. */
  public static final String REPLAY = "newswire.replay";

  /** On a record sent back by {@code newswire dlq redrive}: how many times it had failed before. */
  public static final String REDRIVE_ATTEMPT = DeadLetterHandler.REDRIVE_ATTEMPT_HEADER;
}
