package io.newswire.publish.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {
  final StreamSlots slots = new StreamSlots(2, 3);

  StreamSlots.Slot slot(String who) {
    StreamSlots.Outcome o = slots.acquire(who);
    assertThat(o).as("a slot for " + who).isInstanceOf(StreamSlots.Slot.class);
    return (StreamSlots.Slot) o;
  }

  @Test
  void aSubscriberGetsAsManySlotsAsItMay_thenIsRefused_untilOneCloses() {
    StreamSlots.Slot first = slot("desk");
    slot("desk");
    assertThat(slots.acquire("desk"))
        .isEqualTo(new StreamSlots.Refused(StreamSlots.Reason.SUBSCRIBER_LIMIT, 2));
    assertThat(slots.open("desk")).isEqualTo(2);
    first.close();
    assertThat(slots.open("desk")).isEqualTo(1);
    slot("desk");
  }

  @Test
  void theInstanceLimitHoldsAcrossSubscribers() {
    slot("a");
    slot("b");
    StreamSlots.Slot c = slot("c");
    assertThat(slots.acquire("d"))
        .isEqualTo(new StreamSlots.Refused(StreamSlots.Reason.INSTANCE_LIMIT, 3));
    assertThat(slots.open()).isEqualTo(3);
    c.close();
    slot("d");
  }

  @Test
  void closingASlotTwiceFreesItOnce() {
    StreamSlots.Slot a = slot("a");
    slot("a");
    a.close();
    a.close();
    assertThat(slots.open("a")).isEqualTo(1);
    assertThat(slots.open()).isEqualTo(1);
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new StreamSlots(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StreamSlots(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
