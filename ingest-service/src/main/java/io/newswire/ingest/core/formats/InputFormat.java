package io.newswire.ingest.core.formats;

/** The formats Newswire reads; the names match the RawStory schema's StoryFormat symbols. */
public enum InputFormat {
  NEWSWIRE_JSON,
  PLAIN_TEXT,
  NINJS,
  NEWSML_G2,
  NITF,
  RSS,
  ATOM
}
