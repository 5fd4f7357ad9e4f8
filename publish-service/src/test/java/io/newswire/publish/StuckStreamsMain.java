package io.newswire.publish;

import io.newswire.platform.Env;
import io.newswire.platform.KafkaSettings;
import io.newswire.platform.ServiceMain;
import io.newswire.platform.StreamsApp;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Streams stage for {@link BoundedShutdownIT}, run in a child JVM through {@link ServiceMain}
 * like every service: {@code <application id> <input> <output> <state dir> <value to block on, or
 * ->}; it copies each value to the output with {@code -out} appended, and on the value to block on
 * its stream thread never returns (it ignores interrupts).
 */
public final class StuckStreamsMain {
  private StuckStreamsMain() {}

  public static void main(String[] args) {
    String applicationId = args[0];
    String input = args[1];
    String output = args[2];
    String stateDir = args[3];
    String blockOn = args[4];
    ServiceMain.run(
        "stuck-streams",
        new String[0],
        "",
        () -> {
          Properties props =
              StreamsApp.properties(KafkaSettings.from(Env.system()), applicationId, stateDir);
          props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
          StreamsBuilder b = new StreamsBuilder();
          b.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
              .mapValues(
                  v -> {
                    if (v.equals(blockOn)) {
                      System.out.println("stuck-streams: blocking forever on " + v);
                      System.out.flush();
                      blockForever();
                    }
                    return v + "-out";
                  })
              .to(output, Produced.with(Serdes.String(), Serdes.String()));
          StreamsApp app = new StreamsApp(b.build(), props, null, input);
          app.start();
          return app;
        });
  }

  static void blockForever() {
    while (true) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        // ignored: this record never finishes
      }
    }
  }
}
