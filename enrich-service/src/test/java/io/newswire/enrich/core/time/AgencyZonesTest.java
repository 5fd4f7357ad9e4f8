package io.newswire.enrich.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newswire.enrich.core.corpus.CorpusSupport;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AgencyZonesTest {
  final AgencyZones shipped = AgencyZones.load();

  @Test
  void theShippedTableNamesTheRegionsAgencies() {
    assertThat(shipped.zoneOf("vov")).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(shipped.zoneOf("vna")).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(shipped.zoneOf("antara")).isEqualTo(ZoneId.of("Asia/Jakarta"));
    assertThat(shipped.zoneOf("bernama")).isEqualTo(ZoneId.of("Asia/Kuala_Lumpur"));
    assertThat(shipped.zoneOf("afp")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(shipped.zoneOf("VOV")).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
  }

  @Test
  void everyAgencyOfTheLabelledCorpusHasAZone() {
    CorpusSupport.devStories()
        .forEach(s -> assertThat(shipped.zones()).as(s.agency()).containsKey(s.agency()));
  }

  @Test
  void anUnknownAgencyIsReadInUtc() {
    assertThat(shipped.zoneOf("nobody").normalized()).isEqualTo(ZoneOffset.UTC);
    assertThat(shipped.zoneOf(null)).isEqualTo(shipped.defaultZone());
  }

  @Test
  void overridesReplaceAndAddAgenciesAndStarSetsTheDefault() {
    AgencyZones z = shipped.withOverrides(" afp=Asia/Bangkok, newco = Asia/Manila ,*=Asia/Tokyo,");
    assertThat(z.zoneOf("afp")).isEqualTo(ZoneId.of("Asia/Bangkok"));
    assertThat(z.zoneOf("newco")).isEqualTo(ZoneId.of("Asia/Manila"));
    assertThat(z.zoneOf("nobody")).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(z.zoneOf("vov")).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(shipped.withOverrides("")).isSameAs(shipped);
    assertThat(shipped.withOverrides(null)).isSameAs(shipped);
  }

  @Test
  void aBadOverrideIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(() -> shipped.withOverrides("vov=Asia/Hanoi_City"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Asia/Hanoi_City");
    assertThatThrownBy(() -> shipped.withOverrides("vov"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agency=Zone");
    assertThatThrownBy(() -> shipped.withOverrides("=UTC"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
