package io.github.fallbackllm;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.HedgeSettings;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.github.fallbackllm.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hedged call over HTTP: the request that lost the race is cancelled, and its
 * connection closed. The hanging provider is a {@link ScriptedServer}, which sees
 * connections close; the hedge answers from WireMock.
 */
class FallbackChatServiceHedgingTests {

	private static final String KEY = "sk-proj-hedging0123456789abcdefSECRET";

	@RegisterExtension
	static WireMockExtension fast = ProviderStubs.server();

	@Test
	void theLosingRequestsConnectionIsClosedWhenTheHedgeAnswers() throws InterruptedException {
		fast.stubFor(post("/v1/chat/completions").willReturn(ok(openAiCompletion("gpt-4o", "From the hedge"))));
		try (ScriptedServer hanging = ScriptedServer.start((request, response) -> Mono.never())) {
			OpenAiLlmProvider slow = new OpenAiLlmProvider(
					ProviderStubs.settings("slow", hanging.baseUrl(), KEY, "gpt-4o"), WebClient.builder());
			FallbackChatService service = FallbackChatService.builder()
				.provider(ProviderStubs.policies(slow))
				.provider(ProviderStubs.policies(ProviderStubs.openAi("fast", fast, KEY, "gpt-4o")))
				.route(Route.builder("smart")
					.group("slow/gpt-4o", "fast/gpt-4o")
					.hedge(HedgeSettings.after(Duration.ofMillis(100)))
					.build())
				.build();

			ChatResponse answer = service.route("smart").chat(ChatRequest.of("Hi"));

			assertThat(answer.content()).isEqualTo("From the hedge");
			assertThat(answer.attempts()).extracting(Attempt::outcome)
				.containsExactly(AttemptOutcome.HEDGED_OUT, AttemptOutcome.SUCCEEDED);
			assertThat(hanging.requests()).isEqualTo(1);
			assertThat(hanging.awaitConnectionClosed(Duration.ofSeconds(5))).as("the losing connection closed")
				.isTrue();
		}
	}

}
