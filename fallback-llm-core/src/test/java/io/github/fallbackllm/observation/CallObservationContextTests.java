package io.github.fallbackllm.observation;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CallObservationContext}.
 */
class CallObservationContextTests {

	private final CallObservationContext context = new CallObservationContext(ChatRequest.of("hi"), false, "default");

	@Test
	void aCallWithoutAttemptsOrWithOneTargetHasNoHops() {
		assertThat(this.context.getHops()).isZero();
		this.context.setAttempts(
				List.of(attempt("a", "m", AttemptOutcome.SERVER_ERROR), attempt("a", "m", AttemptOutcome.SUCCEEDED)));
		assertThat(this.context.getHops()).isZero();
	}

	@Test
	void countsEachFurtherTargetOnceSkipsIncluded() {
		this.context.setAttempts(List.of(attempt("a", "m", AttemptOutcome.SKIPPED),
				attempt("b", "m", AttemptOutcome.RATE_LIMITED), attempt("b", "m", AttemptOutcome.RATE_LIMITED),
				attempt("b", "n", AttemptOutcome.SERVER_ERROR), attempt("c", "m", AttemptOutcome.SUCCEEDED)));
		assertThat(this.context.getHops()).isEqualTo(3);
	}

	private static Attempt attempt(String provider, String model, AttemptOutcome outcome) {
		return new Attempt(provider, model, outcome, null, null, "", null, Duration.ZERO, null);
	}

}
