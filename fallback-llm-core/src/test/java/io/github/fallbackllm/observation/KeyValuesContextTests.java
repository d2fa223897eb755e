package io.github.fallbackllm.observation;

import java.util.function.Consumer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyValuesContext}: whatever happens to its key values, it reads the
 * same ones as Micrometer's own context.
 */
class KeyValuesContextTests {

	private final KeyValuesContext context = new KeyValuesContext() {
	};

	private final Observation.Context micrometers = new Observation.Context();

	@Test
	void aConventionsKeyValuesAtStartAndStop() {
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "b", "none")));
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "b", "2", "c", "3")));
	}

	@Test
	void fewerKeysAtStopKeepThoseOfTheStart() {
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "b", "2", "c", "3")));
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("b", "4")));
	}

	@Test
	void keyValuesAddedOneByOneBeforeAndAfter() {
		apply((context) -> context.addLowCardinalityKeyValue(KeyValue.of("z", "first")));
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "z", "2")));
		apply((context) -> context.addLowCardinalityKeyValue(KeyValue.of("m", "filter")));
		apply((context) -> context.addLowCardinalityKeyValue(KeyValue.of("a", "replaced")));
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "3", "m", "4", "z", "5")));
	}

	@Test
	void keyValuesRemoved() {
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "b", "2")));
		apply((context) -> context.removeLowCardinalityKeyValue("a"));
		apply((context) -> context.addLowCardinalityKeyValues(KeyValues.of("a", "1", "b", "2")));
		apply((context) -> context.removeLowCardinalityKeyValues("a", "b"));
	}

	private void apply(Consumer<Observation.Context> change) {
		change.accept(this.context);
		change.accept(this.micrometers);
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(this.micrometers.getLowCardinalityKeyValues());
	}

}
