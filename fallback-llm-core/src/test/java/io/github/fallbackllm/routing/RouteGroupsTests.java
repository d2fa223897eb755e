package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static io.github.fallbackllm.routing.VirtualRouting.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Routes of groups on virtual time: a failure moves on within the group, then to the next
 * group; cooling, recovering and incapable targets are skipped inside groups; the
 * deadline spans all groups; a route may override what an outcome does.
 *
 * @author Fallback LLM contributors
 */
class RouteGroupsTests {

	private final VirtualRouting routing = new VirtualRouting();

	@AfterEach
	void realTime() {
		this.routing.close();
	}

	@Test
	void aFailureMovesOnToAnotherTargetOfTheGroupThenToTheNextGroup() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED);
		ScriptedProvider b = new ScriptedProvider("b", "m").fails(AttemptOutcome.MODEL_NOT_FOUND);
		ScriptedProvider c = new ScriptedProvider("c", "m");
		FallbackRouter router = route(Route.builder("smart").group("a/m", "b/m").group("c/m").build(), a, b, c);

		assertThat(describe(this.routing.call(router))).isEqualTo("RATE_LIMITED MODEL_NOT_FOUND SUCCEEDED@c");
	}

	@Test
	void aWholeGroupRateLimitedFallsBackToTheNextGroupWithinOneCallAndIsSkippedAfter() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedProvider b = new ScriptedProvider("b", "m").fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedProvider c = new ScriptedProvider("c", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup.of(TargetSelectors.WEIGHTED, RouteTarget.of("a/m", 3), RouteTarget.of("b/m", 1)))
			.group("c/m")
			.build(), a, b, c);

		String first = describe(this.routing.call(router));
		String second = describe(this.routing.call(router));

		assertThat(first).as("both of the group, then the next group, in one call")
			.isEqualTo("RATE_LIMITED RATE_LIMITED SUCCEEDED@c");
		assertThat(second).as("the group is cooling: skipped without a call").isEqualTo("SKIPPED SKIPPED SUCCEEDED@c");
		assertThat(a.calls() + b.calls()).isEqualTo(2);
	}

	@Test
	void aStrategyNeverPicksACoolingTargetAheadOfAUsableOne() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20))
			.answers("from a");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(Route.builder("smart")
			.group(RouteGroup.of(TargetSelectors.WEIGHTED, RouteTarget.of("a/m", 1_000), RouteTarget.of("b/m", 1)))
			.build(), a, b);
		this.routing.call(router);

		for (int i = 0; i < 20; i++) {
			assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@b");
		}
		assertThat(a.calls()).isOne();
	}

	@Test
	void aRecoveringTargetIsTriedByOneCallWhileTheOthersUseTheRestOfTheGroup() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(10))
			.answersAfter(Duration.ofSeconds(1), "back");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		// Seeded afresh on every call: the heavy target comes first whenever it is
		// usable.
		FallbackRouter router = this.routing.router(List.of(Route.builder("smart")
			.group(RouteGroup.of(TargetSelectors.WEIGHTED, RouteTarget.of("a/m", 1_000), ref("b/m")))
			.build()), List.of(TargetSelectors.weighted(() -> new Random(7))), a, b);
		assertThat(describe(this.routing.call(router.route("smart")))).isEqualTo("RATE_LIMITED SUCCEEDED@b");
		this.routing.time.advanceTimeBy(Duration.ofSeconds(11));

		AtomicReference<ChatResponse> trial = new AtomicReference<>();
		router.route("smart").chat(VirtualRouting.REQUEST).subscribe(trial::set);
		ChatResponse meanwhile = this.routing.call(router.route("smart"));

		assertThat(describe(meanwhile)).as("the target on trial is not usable: not even skipped")
			.isEqualTo("SUCCEEDED@b");
		assertThat(a.calls()).isEqualTo(2);
		this.routing.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(describe(trial.get())).isEqualTo("SUCCEEDED@a");
	}

	@Test
	void aTargetWithoutWhatTheRequestNeedsIsSkippedInsideItsGroup() {
		ScriptedProvider textOnly = new ScriptedProvider("text", "m").supportsOnly();
		ScriptedProvider tools = new ScriptedProvider("tools", "m");
		FallbackRouter router = route(Route.builder("smart").group("text/m", "tools/m").build(), textOnly, tools);
		ChatRequest withTools = ChatRequest.builder()
			.user("Weather?")
			.tools(ToolDefinition.of("weather", "Weather", "{\"type\":\"object\"}"))
			.build();

		ChatResponse response = this.routing.call(router, withTools);

		assertThat(describe(response)).isEqualTo("UNSUPPORTED SUCCEEDED@tools");
		assertThat(response.attempts().get(0).detail()).isEqualTo("does not support tool calling");
		assertThat(textOnly.calls()).isZero();
	}

	@Test
	void theDeadlineSpansEveryGroup() {
		ScriptedProvider a = new ScriptedProvider("a", "m").answersAfter(Duration.ofMinutes(10), "late");
		ScriptedProvider b = new ScriptedProvider("b", "m").answersAfter(Duration.ofMinutes(10), "late");
		FallbackRouter router = route(Route.builder("smart").group("a/m").group("b/m").build(), a, b);

		StepVerifier.withVirtualTime(() -> router.chat(VirtualRouting.REQUEST), () -> this.routing.time, 1)
			.expectSubscription()
			.expectNoEvent(Duration.ofSeconds(119))
			.thenAwait(Duration.ofSeconds(1))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(AllProvidersFailedException.class)
				.hasMessageStartingWith("Deadline of 2 min reached (2 attempts in 2 min)"))
			.verify();
		assertThat(b.calls()).as("the first group's timeout left the rest of the deadline to the next").isOne();
	}

	@Test
	void aRouteThatFallsBackOnSomeFailuresOnlyEndsTheCallOnTheOthers() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.CONTENT_FILTERED)
			.fails(AttemptOutcome.RATE_LIMITED);
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(
				Route.builder("smart").group("a/m").group("b/m").fallbackOn(AttemptOutcome.RATE_LIMITED).build(), a, b);

		AllProvidersFailedException filtered = this.routing.failure(router);
		ChatResponse limited = this.routing.call(router);

		assertThat(filtered)
			.hasMessageStartingWith("Route 'smart' does not fall back on this failure (blocked by the content filter)");
		assertThat(describe(filtered.getAttempts())).isEqualTo("CONTENT_FILTERED");
		assertThat(describe(limited)).isEqualTo("RATE_LIMITED SUCCEEDED@b");
	}

	@Test
	void aRouteCanKeepAFailureFromCoolingItsTargetWhileOtherRoutesKeepTheTable() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED).answers("from a");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = route(
				Route.builder("smart").group("a/m", "b/m").noCooldownOn(AttemptOutcome.RATE_LIMITED).build(), a, b);

		assertThat(describe(this.routing.call(router))).isEqualTo("RATE_LIMITED SUCCEEDED@b");
		assertThat(this.routing.states.target("a", "m").isCoolingDown(this.routing.clock.instant())).isFalse();
		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");

		ScriptedProvider limited = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED);
		FallbackRouter standard = this.routing.router(List.of(), List.of(), limited, b);
		this.routing.call(standard);
		assertThat(this.routing.states.target("a", "m").isCoolingDown(this.routing.clock.instant())).isTrue();
	}

	@Test
	void aRequestCanNameItsRouteByNameOrAlias() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = this.routing
			.router(List.of(Route.builder("smart").aliases("gpt-4o").group("b/m").build()), List.of(), a, b);

		assertThat(describe(this.routing.call(router))).isEqualTo("SUCCEEDED@a");
		assertThat(describe(this.routing.call(router, ChatRequest.builder().user("Hi").route("smart").build())))
			.isEqualTo("SUCCEEDED@b");
		assertThat(describe(this.routing.call(router, ChatRequest.builder().user("Hi").route("gpt-4o").build())))
			.isEqualTo("SUCCEEDED@b");
		assertThat(describe(this.routing.call(router.route("smart")))).isEqualTo("SUCCEEDED@b");
		assertThat(router.routeFor("gpt-4o"))
			.hasValueSatisfying((view) -> assertThat(view.currentRoute().name()).isEqualTo("smart"));
		assertThat(router.routeFor("gpt-5")).isEmpty();
	}

	@Test
	void anUnknownRouteIsATypedErrorThatNamesTheRoutes() {
		FallbackRouter router = route(Route.builder("smart").group("a/m").build(), new ScriptedProvider("a", "m"));

		assertThatExceptionOfType(UnknownRouteException.class).isThrownBy(() -> router.route("fast"))
			.withMessage("No route is named 'fast'; the routes are [default, smart]")
			.satisfies((ex) -> assertThat(ex.getKnownRoutes()).containsExactly("default", "smart"));
		assertThatExceptionOfType(UnknownRouteException.class)
			.isThrownBy(() -> router.chat(ChatRequest.builder().user("Hi").route("fast").build()));
	}

	@Test
	void routesShareTargetStates() {
		ScriptedProvider a = new ScriptedProvider("a", "m").fails(AttemptOutcome.RATE_LIMITED);
		ScriptedProvider b = new ScriptedProvider("b", "m");
		FallbackRouter router = this.routing.router(List.of(Route.builder("smart").group("a/m").group("b/m").build()),
				List.of(), a, b);

		this.routing.call(router.route("smart"));

		assertThat(describe(this.routing.call(router))).as("the default route skips what 'smart' saw fail")
			.isEqualTo("SKIPPED SUCCEEDED@b");
	}

	@Test
	void withoutRoutesTheDefaultRouteIsEveryProvidersModelsInOrder() {
		FallbackRouter router = this.routing.router(List.of(), List.of(), new ScriptedProvider("a", "m1", "m2"),
				new ScriptedProvider("b", "m"));

		assertThat(router.routes()).singleElement().satisfies((route) -> {
			assertThat(route.name()).isEqualTo(Route.DEFAULT);
			assertThat(route.groups()).singleElement().satisfies((group) -> {
				assertThat(group.strategy()).isEqualTo(TargetSelectors.ORDERED);
				assertThat(group.targets()).extracting(RouteTarget::name).containsExactly("a/m1", "a/m2", "b/m");
			});
		});
	}

	@Test
	void routesThatNameWhatDoesNotExistAreRefusedWhenBuilt() {
		ScriptedProvider a = new ScriptedProvider("a", "m");
		assertThatIllegalArgumentException().isThrownBy(() -> route(Route.builder("r").group("z/m").build(), a))
			.withMessage("Target 'z/m' of group 0 of route 'r' is not a provider of [a]");
		assertThatIllegalArgumentException().isThrownBy(() -> route(Route.builder("r").group("a/x").build(), a))
			.withMessage("Target 'a/x' of group 0 of route 'r' is not a model of provider 'a'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> route(Route.builder("r").group(RouteGroup.of("fastest", ref("a/m"))).build(), a))
			.withMessageStartingWith("The strategy 'fastest' of group 0 of route 'r' is not one of [ordered, ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.routing.router(List.of(Route.builder("r").aliases("x").group("a/m").build(),
					Route.builder("s").aliases("x").group("a/m").build()), List.of(), a))
			.withMessage("'x' names two routes: 'r' and 's'");
		assertThatIllegalArgumentException().isThrownBy(() -> RouteTarget.of("a/m", 0))
			.withMessageContaining("must be at least 1");
	}

	@Test
	void aRouteCutDownToOneModelKeepsItsGroups() {
		ScriptedProvider a = new ScriptedProvider("a", "m", "n").fails(AttemptOutcome.MODEL_NOT_FOUND);
		ScriptedProvider b = new ScriptedProvider("b", "n");
		FallbackRouter router = route(Route.builder("smart").group("a/m", "a/n").group("b/n").build(), a, b);

		FallbackRouter onlyN = router.route("smart").restrictedTo("n").orElseThrow();

		assertThat(onlyN.currentRoute().groups()).hasSize(2);
		assertThat(describe(this.routing.call(onlyN))).isEqualTo("MODEL_NOT_FOUND SUCCEEDED@b");
		assertThat(router.route("smart").restrictedTo("z")).isEmpty();
	}

	/** A router over the route, serving it rather than the default route. */
	private FallbackRouter route(Route route, ScriptedProvider... providers) {
		return this.routing.router(List.of(route), List.of(), providers).route(route.name());
	}

	private static RouteTarget ref(String target) {
		return RouteTarget.of(target);
	}

}
