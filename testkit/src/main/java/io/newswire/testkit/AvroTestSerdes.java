package io.newswire.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Plain Avro binary serdes, no registry: for TopologyTestDriver tests, where the topology's wiring
 * is under test and the registry is not. The real serdes are tested against the real registry.
 */
public final class AvroTestSerdes {
  private AvroTestSerdes() {}

  /** Serdes for the catalogue's topics ({@link io.newswire.platform.Topic}) made of {@link #of}. */
  public static io.newswire.platform.TopicSerdes topics() {
    return new io.newswire.platform.TopicSerdes() {
      @Override
      public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean isKey) {
        return of(type);
      }
    };
  }

  public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
    io.newswire.schema.Contracts.trustGeneratedClasses();
    var schema = SpecificData.get().getSchema(type);
    var writer = new SpecificDatumWriter<T>(schema);
    var reader = new SpecificDatumReader<T>(schema);
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(value, enc);
            enc.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException e) {
            throw new org.apache.kafka.common.errors.SerializationException(
                "not Avro " + type.getSimpleName(), e);
          }
        });
  }
}
