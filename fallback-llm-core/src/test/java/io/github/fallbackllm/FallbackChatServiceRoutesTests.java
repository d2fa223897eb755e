package io.github.fallbackllm;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.routing.UnknownRouteException;
import io.github.fallbackllm.routing.selection.TargetSelectors;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Routes over HTTP: a weighted group of two OpenAI-compatible deployments that falls back
 * to an Anthropic group.
 */
class FallbackChatServiceRoutesTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension azure = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatService service = FallbackChatService.builder()
		.provider(ProviderStubs
			.policies(ProviderStubs.openAi("openai", openai, "sk-proj-test0123456789abcdefOPENAI", "gpt-4o")))
		.provider(ProviderStubs
			.policies(ProviderStubs.openAi("azure", azure, "azure-test-key-0123456789abcdef", "gpt-4o")))
		.provider(ProviderStubs
			.policies(ProviderStubs.anthropic("anthropic", anthropic, "sk-ant-test-ANTHROPIC", "claude-sonnet-4-5")))
		.route(Route.builder("smart")
			.aliases("gpt-4o")
			.group(RouteGroup.of(TargetSelectors.WEIGHTED, RouteTarget.of("openai/gpt-4o", 3),
					RouteTarget.of("azure/gpt-4o", 1)))
			.group("anthropic/claude-sonnet-4-5")
			.build())
		.defaultRoute("smart")
		.timeout(Duration.ofSeconds(20))
		.build();

	@Test
	void aWholeGroupRateLimitedFallsBackToTheNextGroupWithinOneCall() {
		String rateLimited = openAiError("rate_limit_exceeded", "rate_limit_exceeded", "Rate limit reached");
		openai.stubFor(post(CHAT).willReturn(json(429, rateLimited).withHeader("retry-after", "20")));
		azure.stubFor(post(CHAT).willReturn(json(429, rateLimited).withHeader("retry-after", "20")));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude"))));

		ChatResponse response = this.service.chat(ChatRequest.of("Hi"));

		assertThat(response.content()).isEqualTo("Claude");
		assertThat(response.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		assertThat(response.attempts().subList(0, 2)).extracting(Attempt::target)
			.containsExactlyInAnyOrder("openai/gpt-4o", "azure/gpt-4o");
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		azure.verify(1, postRequestedFor(urlEqualTo(CHAT)));

		ChatResponse next = this.service.chat(ChatRequest.of("Hi again"));

		assertThat(next.attempts()).extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.SKIPPED, AttemptOutcome.SKIPPED, AttemptOutcome.SUCCEEDED);
		openai.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		azure.verify(1, postRequestedFor(urlEqualTo(CHAT)));
	}

	@Test
	void routesAreListedAndSelectedByNameOrAlias() {
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5-20250929", "Claude"))));

		assertThat(this.service.routes()).extracting(Route::name, Route::aliases)
			.containsExactly(tuple("default", List.of()), tuple("smart", List.of("gpt-4o")));
		assertThat(this.service.currentRoute().name()).isEqualTo("smart");
		assertThat(this.service.routeFor("gpt-4o"))
			.hasValueSatisfying((route) -> assertThat(route.currentRoute().name()).isEqualTo("smart"));
		assertThat(this.service.routeFor("claude")).isEmpty();
		assertThatExceptionOfType(UnknownRouteException.class).isThrownBy(() -> this.service.route("fast"))
			.withMessageContaining("[default, smart]");

		ChatResponse viaRequest = this.service.chat(ChatRequest.builder().user("Hi").route(Route.DEFAULT).build());
		ChatResponse viaView = this.service.route(Route.DEFAULT)
			.forModel("claude-sonnet-4-5")
			.orElseThrow()
			.chat(ChatRequest.of("Hi"));

		assertThat(viaRequest.attempts()).extracting(Attempt::target)
			.containsExactly("openai/gpt-4o", "azure/gpt-4o", "anthropic/claude-sonnet-4-5");
		assertThat(viaView.attempts()).extracting(Attempt::target).containsExactly("anthropic/claude-sonnet-4-5");
		anthropic.verify(2, postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5"))));
	}

}
