package io.github.fallbackllm.observation;

import java.util.Iterator;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * An observation context that hands out its low-cardinality key values without sorting
 * them again. Micrometer keeps them in a map and sorts them on every read, and its meter
 * handler reads them when an observation starts and when it stops, right after the
 * convention added them already sorted. While the map holds exactly what the last
 * {@link #addLowCardinalityKeyValues(KeyValues)} added (the convention's key values,
 * which replace those of the start at the stop), those are the answer; any other change
 * falls back to Micrometer's own reading.
 *
 * @author Fallback LLM contributors
 */
abstract class KeyValuesContext extends Observation.Context {

	/** What the map holds, sorted, or {@code null} when unknown. */
	private @Nullable KeyValues lowCardinality = KeyValues.empty();

	private boolean addingAll;

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		KeyValues before = this.lowCardinality;
		this.addingAll = true;
		try {
			super.addLowCardinalityKeyValues(keyValues);
		}
		finally {
			this.addingAll = false;
		}
		this.lowCardinality = (before != null && keysWithin(before, keyValues)) ? keyValues : null;
		return this;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		super.addLowCardinalityKeyValue(keyValue);
		if (!this.addingAll) {
			KeyValues known = this.lowCardinality;
			this.lowCardinality = (known != null) ? known.and(keyValue) : null;
		}
		return this;
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		super.removeLowCardinalityKeyValue(keyName);
		this.lowCardinality = null;
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		KeyValues known = this.lowCardinality;
		return (known != null) ? known : super.getLowCardinalityKeyValues();
	}

	/** Return whether every key of {@code some} is a key of {@code all}; both sorted. */
	private static boolean keysWithin(KeyValues some, KeyValues all) {
		Iterator<KeyValue> candidates = all.iterator();
		for (KeyValue keyValue : some) {
			boolean found = false;
			while (!found && candidates.hasNext()) {
				int order = candidates.next().getKey().compareTo(keyValue.getKey());
				if (order > 0) {
					return false;
				}
				found = order == 0;
			}
			if (!found) {
				return false;
			}
		}
		return true;
	}

}
