package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StreamPositionTest {
  @Test
  void encodesPartitionOffsetPairsInPartitionOrder() {
    var p = new StreamPosition(Map.of(2, 7L, 0, 12L, 1, 5L));
    assertThat(p.encode()).isEqualTo("0-12.1-5.2-7");
    assertThat(p.with(1, 6).encode()).isEqualTo("0-12.1-6.2-7");
    assertThat(StreamPosition.decode("0-12.1-5.2-7")).isEqualTo(p);
  }

  @Property
  void decodeInvertsEncode(
      @ForAll @Size(min = 1, max = 64)
          Map<@IntRange(min = 0, max = 10_000) Integer, @LongRange(min = 0) Long> next) {
    var p = new StreamPosition(next);
    assertThat(StreamPosition.decode(p.encode())).isEqualTo(p);
  }

  @Property
  void decodeRefusesGarbageWithAnIllegalArgumentOnly(@ForAll String s) {
    try {
      StreamPosition.decode(s);
    } catch (IllegalArgumentException expected) {
      // the one documented refusal
    }
  }

  @Test
  void refusesMalformedIds() {
    for (String bad : new String[] {"", "abc", "0-", "-1", "0-1.0-2", "0--1", "x-1"}) {
      assertThatThrownBy(() -> StreamPosition.decode(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
