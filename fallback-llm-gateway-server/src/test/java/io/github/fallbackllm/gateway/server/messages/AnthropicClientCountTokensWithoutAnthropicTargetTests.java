package io.github.fallbackllm.gateway.server.messages;

import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.MessageCountTokensParams;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.gateway.messages.MessagesDialect;
import io.github.fallbackllm.gateway.messages.MessagesTokenCounting;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.gateway.server.testsupport.GatewayClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code count_tokens} for a chain without an Anthropic-format target, driven by the
 * official Anthropic Java SDK: a 404 the SDK raises as such, never an invented count.
 *
 * @author Fallback LLM contributors
 */
class AnthropicClientCountTokensWithoutAnthropicTargetTests {

	private DisposableServer server;

	private AnthropicClient client;

	@BeforeEach
	void start() {
		ProviderPolicies openAi = ProviderPolicies.of(new OpenAiFormat());
		GatewayRoutes routes = new GatewayRoutes(FallbackChatService.builder().provider(openAi).build(),
				GatewayProperties.UnknownModel.NOT_FOUND);
		MessagesTokenCounting counting = new MessagesTokenCounting(List.of(openAi), routes,
				new MessagesDialect(new ImageUrls(false)), GatewayAccess.open(), new GatewayProperties());
		this.server = HttpServer.create()
			.host("localhost")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(counting.endpoint())))
			.bindNow();
		this.client = GatewayClients.anthropic(this.server.port());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.disposeNow();
	}

	@Test
	void countTokensIsANotFoundErrorThatSaysWhy() {
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.client.messages()
				.countTokens(MessageCountTokensParams.builder().model("smart").addUserMessage("Hello").build()))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(404);
				assertThat(ex.getMessage()).contains("not_found_error")
					.contains("needs an Anthropic-format provider")
					.contains("openai-only: openai");
			});
	}

	/** A provider of another wire format: it chats, and cannot count Anthropic tokens. */
	private static final class OpenAiFormat implements LlmProvider {

		@Override
		public String name() {
			return "openai-only";
		}

		@Override
		public String type() {
			return "openai";
		}

		@Override
		public List<String> models() {
			return List.of("gpt-4o-mini");
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return Mono.error(new UnsupportedOperationException("not called"));
		}

	}

}
