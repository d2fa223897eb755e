package io.github.fallbackllm.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.PropertyFailureAdvice;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.health.LlmProviderProbe;
import io.github.fallbackllm.health.MonitoredProvider;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.health.ModelListStubs.anthropicModels;
import static io.github.fallbackllm.health.ModelListStubs.openAiModels;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code llm} indicator over an OpenAI provider and an Anthropic one, stubbed by
 * WireMock: each provider's entry, the aggregation rule, and the state chat traffic
 * leaves.
 */
class LlmHealthIndicatorTests {

	private static final String OPENAI_KEY = "sk-proj-health0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-health0123-CL";

	private static final String MODELS = "/v1/models";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final InMemoryTargetStateStore cooldowns = new InMemoryTargetStateStore();

	private final LlmProvider openAiProvider = ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt-4o",
			"gpt-4o-mini");

	private final LlmProvider anthropicProvider = ProviderStubs.anthropic("anthropic", anthropic, ANTHROPIC_KEY,
			"claude-sonnet-4-5");

	private final LlmHealthIndicator indicator = new LlmHealthIndicator(
			List.of(monitored(this.openAiProvider, 0, "openai", openai.baseUrl() + "/v1"),
					monitored(this.anthropicProvider, 1, "anthropic", anthropic.baseUrl() + "/v1")),
			this.cooldowns, List.of());

	@Test
	void everyProviderHasItsEntryWithWhatItIsAndWhatItsProbeFound() {
		stubModelLists();

		Health health = this.indicator.health().block();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("openai", "anthropic");
		assertThat(details(health, "openai")).containsEntry("status", "UP")
			.containsEntry("type", "openai")
			.containsEntry("baseUrl", openai.baseUrl() + "/v1")
			.containsEntry("models", List.of("gpt-4o", "gpt-4o-mini"))
			.containsEntry("probe", "lists 2 models")
			.containsKeys("lastCheck", "latency")
			.doesNotContainKeys("lastError", "coolingDown", "consecutiveFailures", "action");
		assertThat(details(health, "anthropic")).containsEntry("status", "UP").containsEntry("type", "anthropic");
	}

	@Test
	void oneProviderDownWhileAnotherServesKeepsLlmUpAndShowsTheDownProvider() {
		openai.stubFor(get(MODELS).willReturn(json(401,
				openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + OPENAI_KEY))));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929"))));

		Health health = this.indicator.health().block();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "openai")).containsEntry("status", "DOWN")
			.containsEntry("action", "check llm.fallback.providers[0].api-key")
			.containsEntry("probe", "rejected the credentials (HTTP 401)");
		assertThat((String) details(health, "openai").get("lastError")).contains("Incorrect API key provided")
			.doesNotContain(OPENAI_KEY);
		assertThat(details(health, "anthropic")).containsEntry("status", "UP");
		assertThat(health.toString()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY);
	}

	@Test
	void noProviderAbleToServeIsDown() {
		openai.stubFor(get(MODELS).willReturn(json(500, "{\"error\":{\"message\":\"boom\"}}")));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(json(401,
				"{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")));

		Health health = this.indicator.health().block();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(details(health, "openai")).containsEntry("status", "DOWN");
		assertThat(details(health, "anthropic")).containsEntry("status", "DOWN")
			.containsEntry("action", "check llm.fallback.providers[1].api-key");
	}

	@Test
	void noProviderKnownToServeButNotAllBrokenIsUnknown() {
		openai.stubFor(get(MODELS).willReturn(json(404, "{\"error\":{\"message\":\"Not found\"}}")));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(json(503, "{}")));

		Health health = this.indicator.health().block();

		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(details(health, "openai")).containsEntry("status", "UNKNOWN")
			.containsEntry("probe", "offers no model list (HTTP 404)");
	}

	@Test
	void misspelledModelIsReportedWithTheClosestOfferedName() {
		openai.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini"))));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929"))));
		LlmProvider misspelled = ProviderStubs.openAi("openai", openai, OPENAI_KEY, "gpt4o", "gpt-4o-mini");
		LlmHealthIndicator indicator = new LlmHealthIndicator(
				List.of(monitored(misspelled, 0, "openai", openai.baseUrl() + "/v1")), this.cooldowns, List.of());

		Health health = indicator.health().block();

		assertThat(details(health, "openai")).containsEntry("status", "UP")
			.containsEntry("modelProblems", List.of("gpt4o is not offered; did you mean gpt-4o?"))
			.containsEntry("action", "check llm.fallback.providers[0].models[0]");
	}

	@Test
	void targetCoolingDownAfterRateLimitIsShownWithItsEndAndLeavesTheProviderUp() {
		stubModelLists();
		openai.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("retry-after", "30")));
		openai.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(ProviderStubs.openAiCompletion("gpt-4o-mini", "Hi"))));
		chat();

		Health health = this.indicator.health().block();

		Map<String, Object> openAiDetails = details(health, "openai");
		assertThat(openAiDetails).containsEntry("status", "UP")
			.containsEntry("consecutiveFailures", Map.of("openai/gpt-4o", 1));
		assertThat(openAiDetails.get("coolingDown")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("openai/gpt-4o");
		assertThat(coolingDown(openAiDetails, "openai/gpt-4o")).containsKeys("until")
			.containsEntry("reason", "rate limited (HTTP 429): Rate limit reached");
		assertThat((String) openAiDetails.get("lastError")).startsWith("rate limited (HTTP 429)");
	}

	@Test
	void routesAreListedWithTheirGroupsAndDownOnceEveryTargetCools() {
		stubModelLists();
		openai.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("retry-after", "30")));
		openai.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
			.willReturn(ok(ProviderStubs.openAiCompletion("gpt-4o-mini", "Hi"))));
		chat();
		Route fast = Route.builder("fast").aliases("gpt-4o").group("openai/gpt-4o").build();
		Route smart = Route.builder("smart")
			.group(RouteGroup.of("weighted", RouteTarget.of("openai/gpt-4o", 3), RouteTarget.of("openai/gpt-4o-mini")))
			.group("anthropic/claude-sonnet-4-5")
			.build();
		LlmHealthIndicator indicator = new LlmHealthIndicator(
				List.of(monitored(this.openAiProvider, 0, "openai", openai.baseUrl() + "/v1")), this.cooldowns,
				List.of(fast, smart));

		Health health = indicator.health().block();

		assertThat(details(health, "routes")).containsOnlyKeys("fast", "smart");
		assertThat(details(health, "routes").get("fast"))
			.isEqualTo(Map.of("status", "DOWN", "aliases", List.of("gpt-4o"), "groups",
					List.of(Map.of("strategy", "ordered", "targets", List.of("openai/gpt-4o")))));
		assertThat(details(health, "routes").get("smart")).isEqualTo(Map.of("status", "UP", "groups",
				List.of(Map.of("strategy", "weighted", "targets",
						List.of("openai/gpt-4o (weight 3)", "openai/gpt-4o-mini")),
						Map.of("strategy", "ordered", "targets", List.of("anthropic/claude-sonnet-4-5")))));
	}

	@Test
	void providerWhoseEveryModelIsCoolingDownIsDownThoughItsProbeAnswers() {
		stubModelLists();
		openai.stubFor(post("/v1/chat/completions")
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("retry-after", "30")));
		anthropic.stubFor(post("/v1/messages").willReturn(ok(anthropicMessage("claude-sonnet-4-5", "Hi"))));
		chat();

		Health health = this.indicator.health().block();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(details(health, "openai")).containsEntry("status", "DOWN").containsEntry("probe", "lists 2 models");
		assertThat(details(health, "anthropic")).containsEntry("status", "UP");
	}

	@Test
	void keyRejectedByChatTrafficCoolsTheWholeProviderAndNamesTheKeyProperty() {
		stubModelLists();
		openai.stubFor(post("/v1/chat/completions").willReturn(json(401,
				openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: " + OPENAI_KEY))));
		anthropic.stubFor(post("/v1/messages").willReturn(ok(anthropicMessage("claude-sonnet-4-5", "Hi"))));
		chat();

		Health health = this.indicator.health().block();

		Map<String, Object> openAiDetails = details(health, "openai");
		assertThat(openAiDetails).containsEntry("status", "DOWN")
			.containsEntry("action", "check llm.fallback.providers[0].api-key");
		assertThat(coolingDown(openAiDetails, "openai")).containsKey("until");
		assertThat(health.toString()).doesNotContain(OPENAI_KEY);
	}

	@Test
	void healthIsNeverAChatCall() {
		stubModelLists();

		this.indicator.health().block();
		this.indicator.health().block();

		openai.verify(0, postRequestedFor(anyUrl()));
		anthropic.verify(0, postRequestedFor(anyUrl()));
	}

	@Test
	void baseUrlIsShownWithoutCredentials() {
		MonitoredProvider provider = new MonitoredProvider(probe(this.openAiProvider, 0), "openai",
				"https://gateway-user:s3cret-pass@llm.example.com/v1?api-version=2024-10-21&token=abc123");

		assertThat(provider.baseUrl()).isEqualTo("https://llm.example.com/v1?api-version=2024-10-21&token=[REDACTED]");
		assertThat(new MonitoredProvider(probe(this.openAiProvider, 0), "openai",
				"https://llm.example.com/v1?api-key=abc123")
			.baseUrl()).isEqualTo("https://llm.example.com/v1?api-key=[REDACTED]");
	}

	private void stubModelLists() {
		openai.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini"))));
		anthropic.stubFor(get(urlPathEqualTo(MODELS)).willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929"))));
	}

	private void chat() {
		FallbackChatService service = FallbackChatService.builder()
			.provider(ProviderStubs.policies(this.openAiProvider))
			.provider(ProviderStubs.policies(this.anthropicProvider))
			.stateStore(this.cooldowns)
			.secrets(List.of(OPENAI_KEY, ANTHROPIC_KEY))
			.build();
		service.chat(ChatRequest.of("Hi"));
	}

	private MonitoredProvider monitored(LlmProvider provider, int index, String type, String baseUrl) {
		return new MonitoredProvider(probe(provider, index), type, baseUrl);
	}

	private static LlmProviderProbe probe(LlmProvider provider, int index) {
		return new LlmProviderProbe(provider, FailurePolicy.STANDARD,
				new PropertyFailureAdvice(Map.of(provider.name(), "llm.fallback.providers[" + index + "]")),
				SecretRedactor.of(List.of(OPENAI_KEY, ANTHROPIC_KEY)), Duration.ofSeconds(2), Duration.ofSeconds(30),
				Clock.systemUTC());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health, String provider) {
		return (Map<String, Object>) health.getDetails().get(provider);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> coolingDown(Map<String, Object> details, String target) {
		return ((Map<String, Map<String, Object>>) details.get("coolingDown")).get(target);
	}

}
