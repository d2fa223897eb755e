package io.github.fallbackllm.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.policy.OutcomeOverrides;
import io.github.fallbackllm.routing.HedgeSettings;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.routing.selection.SelectionContext;
import io.github.fallbackllm.routing.selection.TargetGroup;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code llm.fallback.routes} and {@code llm.fallback.default-route}: bound as the README
 * writes them, assembled through the service builder, validated in one report.
 */
class FallbackLlmRoutesConfigurationTests {

	private static final String KEY = "sk-proj-routes0123456789abcdefSECRET";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class))
		.withPropertyValues(provider(0, "openai", "gpt-4o", "gpt-4o-mini"))
		.withPropertyValues(provider(1, "azure", "gpt-4o"))
		.withPropertyValues(provider(2, "anthropic", "claude-sonnet-4-5"));

	@Test
	void routesBindAsTheReadmeWritesThem() {
		this.contextRunner
			.withPropertyValues("llm.fallback.default-route=smart", "llm.fallback.routes.smart.aliases=smart,gpt-4o",
					"llm.fallback.routes.smart.groups[0].strategy=weighted",
					"llm.fallback.routes.smart.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[0].weight=3",
					"llm.fallback.routes.smart.groups[0].targets[1].target=azure/gpt-4o",
					"llm.fallback.routes.smart.groups[1].targets[0].target=anthropic/claude-sonnet-4-5",
					"llm.fallback.routes.smart.fallback-on=rate_limited,server_error",
					"llm.fallback.routes.smart.no-cooldown-on=content_filtered",
					"llm.fallback.routes.fast.groups[0].targets[0].target=openai/gpt-4o-mini")
			.run((context) -> {
				FallbackChatService service = context.getBean(FallbackChatService.class);
				assertThat(service.routes()).extracting(Route::name).containsExactly("default", "smart", "fast");
				assertThat(service.currentRoute()).isEqualTo(new Route("smart", List.of("smart", "gpt-4o"),
						List.of(RouteGroup.of("weighted", RouteTarget.of("openai/gpt-4o", 3),
								RouteTarget.of("azure/gpt-4o")),
								RouteGroup.ordered(RouteTarget.of("anthropic/claude-sonnet-4-5"))),
						new OutcomeOverrides(Set.of(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SERVER_ERROR),
								Set.of(AttemptOutcome.CONTENT_FILTERED))));
				assertThat(service.routeFor("gpt-4o"))
					.hasValueSatisfying((route) -> assertThat(route.currentRoute().name()).isEqualTo("smart"));
				assertThat(service.route(Route.DEFAULT).currentRoute().groups()).singleElement()
					.satisfies((group) -> assertThat(group.targets()).extracting(RouteTarget::name)
						.containsExactly("openai/gpt-4o", "openai/gpt-4o-mini", "azure/gpt-4o",
								"anthropic/claude-sonnet-4-5"));
			});
	}

	@Test
	void budgetsAndAffinityBindAsTheReadmeWritesThem() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[1].rpm=600", "llm.fallback.providers[1].tpm=90000",
					"llm.fallback.routes.smart.groups[0].strategy=usage",
					"llm.fallback.routes.smart.groups[0].affinity=true",
					"llm.fallback.routes.smart.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[0].rpm=500",
					"llm.fallback.routes.smart.groups[0].targets[0].tpm=30000",
					"llm.fallback.routes.smart.groups[0].targets[1].target=azure/gpt-4o")
			.run((context) -> {
				FallbackChatService service = context.getBean(FallbackChatService.class);
				assertThat(service.route("smart").currentRoute().groups()).singleElement().satisfies((group) -> {
					assertThat(group.strategy()).isEqualTo("usage");
					assertThat(group.affinity()).isTrue();
					assertThat(group.targets()).extracting(RouteTarget::budget)
						.containsExactly(new BudgetLimits(500, 30_000), BudgetLimits.NONE);
				});
			});
	}

	@Test
	void hedgingBindsPerRoute() {
		this.contextRunner
			.withPropertyValues("llm.fallback.routes.smart.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[1].target=azure/gpt-4o",
					"llm.fallback.routes.smart.hedge.after=p95", "llm.fallback.routes.smart.hedge.floor=200ms",
					"llm.fallback.routes.smart.hedge.ceiling=3s", "llm.fallback.routes.smart.hedge.max=2",
					"llm.fallback.routes.smart.hedge.max-ratio=0.2",
					"llm.fallback.routes.fixed.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.fixed.hedge.after=800ms",
					"llm.fallback.routes.never.groups[0].targets[0].target=openai/gpt-4o")
			.run((context) -> {
				FallbackChatService service = context.getBean(FallbackChatService.class);
				assertThat(service.route("smart").currentRoute().hedge()).isEqualTo(HedgeSettings.afterQuantile(0.95)
					.withBounds(Duration.ofMillis(200), Duration.ofSeconds(3))
					.withLimits(2, 0.2));
				assertThat(service.route("fixed").currentRoute().hedge())
					.isEqualTo(HedgeSettings.after(Duration.ofMillis(800)));
				assertThat(service.route("never").currentRoute().hedge()).isNull();
			});
	}

	@Test
	void negativeBudgetsAreReportedNamingTheirProperty() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[1].tpm=-1",
					"llm.fallback.routes.smart.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[0].rpm=-5")
			.run((context) -> assertThat(
					FallbackLlmAutoConfigurationTests.invalidConfiguration(context.getStartupFailure()).getProblems())
				.extracting(ConfigurationProblem::property, ConfigurationProblem::problem)
				.containsExactlyInAnyOrder(
						tuple("llm.fallback.providers[1].tpm", "must be between 0 and 4294967295 (is -1)"),
						tuple("llm.fallback.routes.smart.groups[0].targets[0].rpm",
								"must be between 0 and 4294967295 (is -5)")));
	}

	@Test
	void hedgingProblemsAreReportedNamingTheirProperty() {
		this.contextRunner.withPropertyValues("llm.fallback.routes.a.groups[0].targets[0].target=openai/gpt-4o",
				"llm.fallback.routes.a.hedge.after=p950", "llm.fallback.routes.a.hedge.max=0",
				"llm.fallback.routes.b.groups[0].targets[0].target=openai/gpt-4o",
				"llm.fallback.routes.b.hedge.after=soon", "llm.fallback.routes.b.hedge.max-ratio=0",
				"llm.fallback.routes.b.hedge.floor=5s", "llm.fallback.routes.b.hedge.ceiling=1s",
				"llm.fallback.routes.c.groups[0].targets[0].target=openai/gpt-4o", "llm.fallback.routes.c.hedge.max=2")
			.run((context) -> {
				InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
					.invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems())
					.extracting(ConfigurationProblem::property, ConfigurationProblem::problem)
					.containsExactlyInAnyOrder(
							tuple("llm.fallback.routes.a.hedge.after",
									"'p950' is not a percentile between p0 and p100"),
							tuple("llm.fallback.routes.a.hedge.max", "must be at least 1 (is 0)"),
							tuple("llm.fallback.routes.b.hedge.after",
									"'soon' is neither a positive duration such as 800ms nor a percentile such as p95"),
							tuple("llm.fallback.routes.b.hedge.max-ratio",
									"must be above 0 and at most hedge.max (is 0.0)"),
							tuple("llm.fallback.routes.b.hedge.floor",
									"must be at least 0 and at most hedge.ceiling (PT1S)"),
							tuple("llm.fallback.routes.c.hedge.after", "is missing"));
			});
	}

	@Test
	void withoutRoutesTheServiceHasTheOneDefaultRoute() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(FallbackChatService.class).routes()).extracting(Route::name)
				.containsExactly(Route.DEFAULT));
	}

	@Test
	void everyRouteProblemIsReportedAtOnceNamingItsProperty() {
		this.contextRunner
			.withPropertyValues("llm.fallback.default-route=smrt",
					"llm.fallback.routes.smart.groups[0].targets[0].target=openai/gpt-5",
					"llm.fallback.routes.smart.groups[0].targets[1].target=azur/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[2].target=azure/gpt-4o",
					"llm.fallback.routes.smart.groups[0].targets[2].weight=0",
					"llm.fallback.routes.smart.groups[1].strategy=fastest", "llm.fallback.routes.fast.aliases=smart")
			.run((context) -> {
				InvalidFallbackLlmConfigurationException failure = FallbackLlmAutoConfigurationTests
					.invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems())
					.extracting(ConfigurationProblem::property, ConfigurationProblem::problem)
					.containsExactlyInAnyOrder(
							tuple("llm.fallback.routes.smart.groups[0].targets[0].target",
									"'gpt-5' is not a model of provider 'openai'; did you mean 'gpt-4o'?"),
							tuple("llm.fallback.routes.smart.groups[0].targets[1].target",
									"'azur' is not a provider; did you mean 'azure'?"),
							tuple("llm.fallback.routes.smart.groups[0].targets[2].weight", "must be at least 1 (is 0)"),
							tuple("llm.fallback.routes.smart.groups[1].strategy", "'fastest' is not a known strategy"),
							tuple("llm.fallback.routes.smart.groups[1].targets", "is empty"),
							tuple("llm.fallback.routes.fast.aliases[0]", "'smart' already selects route 'smart'"),
							tuple("llm.fallback.routes.fast.groups", "is empty"),
							tuple("llm.fallback.default-route", "'smrt' is not the name of a route"));
				assertThat(failure.getMessage()).doesNotContain(KEY);
			});
	}

	@Test
	void aTargetSelectorBeanIsAStrategyGroupsCanName() {
		server.stubFor(post("/v1/chat/completions").willReturn(ok(openAiCompletion("gpt-4o-mini", "Mini"))));
		this.contextRunner.withUserConfiguration(LastFirstConfiguration.class)
			.withPropertyValues("llm.fallback.routes.fast.groups[0].strategy=last-first",
					"llm.fallback.routes.fast.groups[0].targets[0].target=openai/gpt-4o",
					"llm.fallback.routes.fast.groups[0].targets[1].target=openai/gpt-4o-mini")
			.run((context) -> {
				ChatResponse response = context.getBean(FallbackChatService.class)
					.route("fast")
					.chat(ChatRequest.of("Hi"));
				assertThat(response.model()).isEqualTo("gpt-4o-mini");
				assertThat(context.getBean(LastFirst.class).calls).hasValue(1);
			});
	}

	private static String[] provider(int index, String name, String... models) {
		String prefix = "llm.fallback.providers[" + index + "].";
		return new String[] { prefix + "name=" + name, prefix + "type=openai",
				prefix + "base-url=" + server.baseUrl() + "/v1", prefix + "api-key=" + KEY,
				prefix + "models=" + String.join(",", models) };
	}

	@Configuration(proxyBeanMethods = false)
	static class LastFirstConfiguration {

		@Bean
		LastFirst lastFirst() {
			return new LastFirst();
		}

	}

	/** Tries a group's targets last first. */
	static class LastFirst implements TargetSelector {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public String name() {
			return "last-first";
		}

		@Override
		public int[] select(TargetGroup group, SelectionContext context) {
			this.calls.incrementAndGet();
			int[] order = new int[group.size()];
			for (int i = 0; i < order.length; i++) {
				order[i] = order.length - 1 - i;
			}
			return order;
		}

	}

}
