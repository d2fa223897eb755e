package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.fallbackllm.routing.VirtualRouting.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rate-limit budgets and affinity in routes on virtual time: a target whose minute is
 * spent is passed over without a call, the {@code usage} strategy spreads calls by budget
 * left, and an affinity key stays on one target while it is usable.
 *
 * @author Fallback LLM contributors
 */
class BudgetRoutingTests {

	private final VirtualRouting routing = new VirtualRouting();

	@AfterEach
	void realTime() {
		this.routing.close();
	}

	@Test
	void twoTargetsOfSixtyRpmAtOneHundredFiftyCallsAMinuteSendNoCallPastEitherLimit() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		ScriptedProvider c = new ScriptedProvider("c", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup.of(TargetSelectors.ROUND_ROBIN, RouteTarget.of("a/m").withBudget(60, 0),
					RouteTarget.of("b/m").withBudget(60, 0)))
			.group("c/m")
			.build(), a, b, c);

		for (int minute = 0; minute < 2; minute++) {
			List<String> overflow = new ArrayList<>();
			int before = a.calls() + b.calls();
			for (int i = 0; i < 150; i++) {
				ChatResponse answer = this.routing.call(router);
				if (answer.provider().equals("c")) {
					overflow.add(describe(answer) + " " + answer.attempts().get(0).detail() + " "
							+ answer.attempts().get(1).detail());
				}
				this.routing.time.advanceTimeBy(Duration.ofMillis(400));
			}
			assertThat(a.calls()).as("minute %d", minute).isEqualTo(60 * (minute + 1));
			assertThat(b.calls()).as("minute %d", minute).isEqualTo(60 * (minute + 1));
			assertThat(a.calls() + b.calls() - before).isEqualTo(120);
			assertThat(overflow).hasSize(30)
				.containsOnly("SKIPPED SKIPPED SUCCEEDED@c over budget (rpm) over budget (rpm)");
		}
	}

	@Test
	void aSpentBudgetTellsWhenItIsBackAndTheCallFailsWithoutACallWhenNothingIsLeft() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		FallbackRouter router = route(
				Route.builder("smart").group(RouteGroup.ordered(RouteTarget.of("a/m").withBudget(1, 0))).build(), a);
		this.routing.call(router);
		this.routing.time.advanceTimeBy(Duration.ofSeconds(20));

		var failure = this.routing.failure(router.route("smart"));

		assertThat(a.calls()).isOne();
		assertThat(failure.getAttempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SKIPPED);
			assertThat(attempt.detail()).isEqualTo("over budget (rpm)");
			assertThat(attempt.cooldown()).isEqualTo(Duration.ofSeconds(40));
		});
	}

	@Test
	void tokensPerMinuteCountTheEstimateUpFrontAndTheUsageAfter() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		// Each call is estimated at 1 + 100 tokens and reports 2 used.
		ChatRequest request = ChatRequest.builder().user("Hi").maxTokens(100).route("smart").build();
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup.ordered(RouteTarget.of("a/m").withBudget(0, 250), RouteTarget.of("b/m")))
			.build(), a, b);

		// Three estimates do not fit in 250: only the settled usage lets fifty through.
		for (int i = 0; i < 50; i++) {
			assertThat(this.routing.call(router, request).provider()).isEqualTo("a");
		}
		// 100 used: an estimate of 1 + 200 does not fit.
		ChatResponse large = this.routing.call(router, request.mutate().maxTokens(200).build());
		assertThat(describe(large)).isEqualTo("SKIPPED SUCCEEDED@b");
		assertThat(large.attempts().get(0).detail()).isEqualTo("over budget (tpm)");
	}

	@Test
	void providerDefaultsApplyToTargetsThatDeclareNothingAndTwoRoutesMayNotDisagree() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		ProviderPolicies limited = new ProviderPolicies(a, VirtualRouting.RETRY, VirtualRouting.COOLDOWN,
				VirtualRouting.TIMEOUTS, new BudgetLimits(2, 0));
		FallbackRouter router = this.routing.router(List.of(), List.of(), limited,
				new ProviderPolicies(b, VirtualRouting.RETRY, VirtualRouting.COOLDOWN, VirtualRouting.TIMEOUTS));

		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");
		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");
		assertThat(describe(this.routing.call(router))).isEqualTo("SKIPPED SUCCEEDED@b");

		assertThatIllegalArgumentException().isThrownBy(() -> route(List.of(
				Route.builder("one").group(RouteGroup.ordered(RouteTarget.of("a/m").withBudget(10, 0))).build(),
				Route.builder("two").group(RouteGroup.ordered(RouteTarget.of("a/m").withBudget(20, 0))).build()), a))
			.withMessageContaining("a target has one budget");
	}

	@Test
	void usageSendsEachCallToTheTargetWithTheMostOfItsBudgetLeft() {
		ScriptedProvider small = new ScriptedProvider("small", "m");
		ScriptedProvider large = new ScriptedProvider("large", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup.of(TargetSelectors.USAGE, RouteTarget.of("small/m").withBudget(10, 0),
					RouteTarget.of("large/m").withBudget(100, 0)))
			.build(), small, large);

		for (int i = 0; i < 55; i++) {
			this.routing.call(router);
		}

		// Both are half spent: each got its share of the minute.
		assertThat(small.calls()).isBetween(5, 6);
		assertThat(large.calls()).isBetween(49, 50);
	}

	@Test
	void anAffinityKeyStaysOnOneTargetWhileItIsHealthyMovesWhenItCoolsAndReturns() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		ScriptedProvider c = new ScriptedProvider("c", "m");
		Map<String, ScriptedProvider> providers = Map.of("a", a, "b", b, "c", c);
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup
				.of(TargetSelectors.ROUND_ROBIN, RouteTarget.of("a/m"), RouteTarget.of("b/m"), RouteTarget.of("c/m"))
				.withAffinity())
			.build(), a, b, c);
		ChatRequest conversation = ChatRequest.builder().user("Hi").route("smart").affinity("conversation-42").build();

		String home = this.routing.call(router, conversation).provider();
		for (int i = 0; i < 100; i++) {
			assertThat(this.routing.call(router, conversation).provider()).isEqualTo(home);
		}

		providers.get(home).fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20)).answers("back");
		ChatResponse moved = this.routing.call(router, conversation);
		String away = moved.provider();
		assertThat(away).isNotEqualTo(home);
		for (int i = 0; i < 20; i++) {
			assertThat(this.routing.call(router, conversation).provider()).isEqualTo(away);
			this.routing.time.advanceTimeBy(Duration.ofMillis(500));
		}

		this.routing.time.advanceTimeBy(Duration.ofSeconds(15));
		for (int i = 0; i < 20; i++) {
			assertThat(this.routing.call(router, conversation).provider()).isEqualTo(home);
		}
	}

	@Test
	void affinitySpreadsKeysOverTheGroupAndCallsWithoutAKeyFollowTheStrategy() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		ScriptedProvider c = new ScriptedProvider("c", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup
				.of(TargetSelectors.ORDERED, RouteTarget.of("a/m"), RouteTarget.of("b/m"), RouteTarget.of("c/m"))
				.withAffinity())
			.build(), a, b, c);
		Map<String, Integer> byTarget = new HashMap<>();
		for (int key = 0; key < 300; key++) {
			ChatRequest request = ChatRequest.builder().user("Hi").route("smart").affinity("user-" + key).build();
			byTarget.merge(this.routing.call(router, request).provider(), 1, Integer::sum);
		}
		assertThat(byTarget).allSatisfy((target, keys) -> assertThat(keys).isBetween(70, 130));

		int before = a.calls();
		for (int i = 0; i < 10; i++) {
			this.routing.call(router.route("smart"));
		}
		assertThat(a.calls() - before).as("ordered: without a key, the first target").isEqualTo(10);
	}

	@Test
	void aTargetOverBudgetLosesItsKeysUntilItsNextMinute() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup
				.of(TargetSelectors.ORDERED, RouteTarget.of("a/m").withBudget(5, 0),
						RouteTarget.of("b/m").withBudget(5, 0))
				.withAffinity())
			.build(), a, b);
		ChatRequest conversation = ChatRequest.builder().user("Hi").route("smart").affinity("k").build();
		String home = this.routing.call(router, conversation).provider();
		String away = home.equals("a") ? "b" : "a";

		List<String> served = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			served.add(this.routing.call(router, conversation).provider());
		}
		this.routing.time.advanceTimeBy(Duration.ofMinutes(1));
		served.add(this.routing.call(router, conversation).provider());

		assertThat(served).containsExactly(home, home, home, home, away, away, away, away, away, home);
	}

	private FallbackRouter route(Route route, ScriptedProvider... providers) {
		return route(List.of(route), providers);
	}

	private FallbackRouter route(List<Route> routes, ScriptedProvider... providers) {
		return this.routing.router(routes, List.of(), providers).route(routes.get(0).name());
	}

}
