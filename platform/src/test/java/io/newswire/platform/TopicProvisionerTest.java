package io.newswire.platform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  @Test
  void specsOfAnotherReplicationFactorAreRefusedBeforeAnythingIsCreated() {
    // no Admin: the check comes before any call to the cluster
    assertThatThrownBy(() -> new TopicProvisioner(null, (short) 3).createMissing(Topics.all(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.insync.replicas=1")
        .hasMessageContaining("Topics.all(partitions, limits, 3)");
    assertThatThrownBy(
            () ->
                new TopicProvisioner(null, (short) 1)
                    .createMissing(Topics.all(3, StoryLimits.DEFAULT, (short) 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.insync.replicas=2");
    assertThatThrownBy(() -> new TopicProvisioner(null, (short) 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
