package io.github.fallbackllm.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.policy.FailureDecision.Length;
import io.github.fallbackllm.policy.FailureDecision.Retry;
import io.github.fallbackllm.policy.FailureDecision.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table "What happens on each failure" and {@link FailurePolicy} say the
 * same thing: the test reads the table and checks every row against the policy.
 *
 * @author Fallback LLM contributors
 */
class FailurePolicyTests {

	/** The README's row labels, and the outcomes each row stands for. */
	private static final Map<String, AttemptOutcome> ROWS = Map.ofEntries(
			Map.entry("Rate limited", AttemptOutcome.RATE_LIMITED),
			Map.entry("Out of quota or credit", AttemptOutcome.QUOTA_EXCEEDED),
			Map.entry("Server trouble", AttemptOutcome.SERVER_ERROR),
			Map.entry("Network", AttemptOutcome.NETWORK_ERROR), Map.entry("No answer in time", AttemptOutcome.TIMEOUT),
			Map.entry("Unusable 2xx", AttemptOutcome.INVALID_RESPONSE),
			Map.entry("Credentials", AttemptOutcome.AUTHENTICATION_FAILED),
			Map.entry("Unknown model", AttemptOutcome.MODEL_NOT_FOUND),
			Map.entry("Request too big for the model", AttemptOutcome.CONTEXT_TOO_LONG),
			Map.entry("Content filtered", AttemptOutcome.CONTENT_FILTERED),
			Map.entry("Not supported", AttemptOutcome.UNSUPPORTED),
			Map.entry("Any other 400", AttemptOutcome.BAD_REQUEST),
			Map.entry("Not sent: this application's connection pool is full", AttemptOutcome.CLIENT_OVERLOADED));

	private final FailurePolicy policy = FailurePolicy.STANDARD;

	@Test
	void everyFailureHasARowInTheReadme() throws IOException {
		Set<AttemptOutcome> failures = EnumSet
			.complementOf(EnumSet.of(AttemptOutcome.SUCCEEDED, AttemptOutcome.SKIPPED, AttemptOutcome.HEDGED_OUT));

		assertThat(readmeTable().keySet()).containsExactlyInAnyOrderElementsOf(failures);
	}

	@Test
	void theRetryColumnIsThePolicys() throws IOException {
		readmeTable().forEach((outcome, row) -> {
			FailureDecision decision = this.policy.decide(outcome);
			String retry = row.get(0);
			if (retry.startsWith("No")) {
				assertThat(decision.retry()).as(outcome.name()).isEqualTo(Retry.NEVER);
			}
			else {
				assertThat(decision.retry()).as(outcome.name()).isNotEqualTo(Retry.NEVER);
				assertThat(decision.leaveWhileOthersServe()).as(outcome.name())
					.isEqualTo(retry.startsWith("Only if no later target"));
			}
		});
	}

	@Test
	void theCooldownColumnIsThePolicys() throws IOException {
		readmeTable().forEach((outcome, row) -> {
			FailureDecision decision = this.policy.decide(outcome);
			String skip = row.get(2);
			if (skip.startsWith("No")) {
				assertThat(decision.cools()).as(outcome.name()).isEqualTo(Scope.NONE);
			}
			else if (skip.startsWith("The whole provider")) {
				assertThat(decision).as(outcome.name())
					.returns(Scope.PROVIDER, FailureDecision::cools)
					.returns(Length.LONG, FailureDecision::length)
					.returns(false, FailureDecision::afterThreshold);
			}
			else if (skip.startsWith("That target, for `long-duration`")) {
				assertThat(decision).as(outcome.name())
					.returns(Scope.TARGET, FailureDecision::cools)
					.returns(Length.LONG, FailureDecision::length);
			}
			else if (skip.startsWith("Yes, for the `Retry-After`")) {
				assertThat(decision).as(outcome.name())
					.returns(Scope.TARGET, FailureDecision::cools)
					.returns(Length.RETRY_AFTER, FailureDecision::length)
					.returns(false, FailureDecision::afterThreshold);
			}
			else {
				assertThat(skip).as(outcome.name()).containsAnyOf("failure-threshold", "As above");
				assertThat(decision).as(outcome.name())
					.returns(Scope.TARGET, FailureDecision::cools)
					.returns(true, FailureDecision::afterThreshold);
			}
		});
	}

	@Test
	void onlyCooldownsAskedForByTheProviderHoldBackCallsWhenEverythingIsCooling() {
		assertThat(EnumSet.allOf(AttemptOutcome.class)
			.stream()
			.filter((outcome) -> this.policy.decide(outcome).askedByProvider()))
			.containsExactlyInAnyOrder(AttemptOutcome.RATE_LIMITED, AttemptOutcome.QUOTA_EXCEEDED,
					AttemptOutcome.AUTHENTICATION_FAILED, AttemptOutcome.MODEL_NOT_FOUND);
	}

	@Test
	void actionsNameWhatToChangeTheWayTheAdviceSays() {
		FailureAdvice properties = new FailureAdvice() {

			@Override
			public String credentials(String provider) {
				return "p.api-key";
			}

		};

		assertThat(this.policy.action(AttemptOutcome.AUTHENTICATION_FAILED, "openai", 0, "gpt-4o", properties))
			.isEqualTo("check p.api-key");
		assertThat(this.policy.action(AttemptOutcome.MODEL_NOT_FOUND, "openai", 1, "gpt-4o", FailureAdvice.BY_NAME))
			.isEqualTo("check model 'gpt-4o' of provider 'openai' and the endpoint of provider 'openai'");
		assertThat(this.policy.action(AttemptOutcome.SERVER_ERROR, "openai", 0, "gpt-4o", FailureAdvice.BY_NAME))
			.isNull();
	}

	/** The rows of the README's failure table: outcome to its three answer columns. */
	private static Map<AttemptOutcome, List<String>> readmeTable() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
		int start = lines.indexOf("## What happens on each failure");
		assertThat(start).as("the README's failure section").isNotNegative();
		Map<AttemptOutcome, List<String>> rows = new LinkedHashMap<>();
		for (String line : lines.subList(start, lines.size())) {
			if (line.startsWith("## ") && !rows.isEmpty()) {
				break;
			}
			if (line.startsWith("| **")) {
				String[] cells = line.split("\\|");
				String label = cells[1].substring(cells[1].indexOf("**") + 2, cells[1].lastIndexOf("**"));
				assertThat(ROWS).as("a row the test knows").containsKey(label);
				rows.put(ROWS.get(label), List.of(cells[2].trim(), cells[3].trim(), cells[4].trim()));
			}
		}
		return rows;
	}

}
