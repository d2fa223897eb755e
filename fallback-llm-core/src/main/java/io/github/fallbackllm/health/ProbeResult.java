package io.github.fallbackllm.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.health.ModelCheck.MissingModel;
import org.jspecify.annotations.Nullable;

/**
 * What one probe of a provider's model list found. Holds no secret: errors are redacted.
 *
 * @param status what the probe alone says about the provider
 * @param checkedAt when the probe finished
 * @param latency how long the probe took
 * @param summary what the provider answered, in a few words
 * @param missingModels configured models the provider does not offer
 * @param failure how the probe failed, or {@code null} if the provider answered
 * @param error the redacted failure, or {@code null}
 * @param action what to change, when the failure or a missing model is a configuration
 * problem, or {@code null}
 * @author Fallback LLM contributors
 */
public record ProbeResult(ProviderStatus status, Instant checkedAt, Duration latency, String summary,
		List<MissingModel> missingModels, @Nullable AttemptOutcome failure, @Nullable String error,
		@Nullable String action) {

	public ProbeResult {
		missingModels = List.copyOf(missingModels);
	}

}
