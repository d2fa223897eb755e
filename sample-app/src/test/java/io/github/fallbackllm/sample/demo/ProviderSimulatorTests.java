package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ProviderSimulator}: the exact wire formats on the wire, and the
 * library's own providers reading them.
 */
class ProviderSimulatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** Short enough to wait out in a test. */
	private static final Duration SHORT_WINDOW = Duration.ofMillis(20);

	private static final String REQUEST = """
			{"model": "sim-gpt-4o-mini", "messages": [{"role": "user", "content": "Hi there"}]}""";

	private ProviderSimulator simulator;

	@AfterEach
	void stop() {
		this.simulator.destroy();
	}

	@Test
	void primaryRefusesItsFirstRequestWithOpenAisRateLimitError() {
		this.simulator = ProviderSimulator.start(Duration.ofSeconds(15), Duration.ZERO);
		ResponseEntity<String> response = post(this.simulator.openAiBaseUrl() + "/chat/completions", REQUEST);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(response.getHeaders().getFirst("retry-after")).isEqualTo("15");
		assertThat(response.getHeaders().getFirst("x-ratelimit-remaining-requests")).isEqualTo("0");
		assertThat(response.getHeaders().getFirst("x-ratelimit-reset-requests")).isEqualTo("15s");
		JsonNode error = OpenAiEvents.json(response.getBody()).path("error");
		assertThat(error.path("type").asString()).isEqualTo("requests");
		assertThat(error.path("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asString()).startsWith("Rate limit reached for sim-gpt-4o-mini");
		assertThat(error.has("param")).isTrue();
	}

	@Test
	void primaryRateLimitIsReadByTheOpenAiProviderWithItsRetryAfter() {
		this.simulator = ProviderSimulator.start(Duration.ofSeconds(15), Duration.ZERO);
		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> openAi().chat(SimulatedOpenAi.MODEL, ChatRequest.of("Hi")).block(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(15));
			});
	}

	@Test
	void primaryAnswersInOpenAisFormatOnceItsFirstWindowHasPassed() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		spendPrimarysFirstWindow();
		ChatResponse response = openAi().chat(SimulatedOpenAi.MODEL, ChatRequest.of("Hi there")).block(TIMEOUT);
		assertThat(response.content())
			.isEqualTo("This answer comes from the simulated OpenAI provider. You said: Hi there");
		assertThat(response.model()).isEqualTo(SimulatedOpenAi.MODEL);
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.usage()).isEqualTo(new TokenUsage(2, 12));
	}

	@Test
	void primaryStreamsOpenAisEventsEndingWithDone() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		spendPrimarysFirstWindow();
		String body = post(this.simulator.openAiBaseUrl() + "/chat/completions", """
				{"model": "sim-gpt-4o-mini", "stream": true, "stream_options": {"include_usage": true},
				 "messages": [{"role": "user", "content": "Hi"}]}""").getBody();
		List<String> data = OpenAiEvents.data(body);
		assertThat(data).last().isEqualTo("[DONE]");
		List<JsonNode> chunks = OpenAiEvents.json(data);
		assertThat(chunks.get(0).at("/choices/0/delta").toString())
			.isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
		assertThat(chunks.subList(0, chunks.size() - 1))
			.allSatisfy((chunk) -> assertThat(chunk.path("usage").isNull()).isTrue());
		JsonNode finish = chunks.get(chunks.size() - 2);
		assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		JsonNode usage = chunks.get(chunks.size() - 1);
		assertThat(usage.path("choices").isEmpty()).isTrue();
		assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(12);
	}

	@Test
	void primaryStreamIsReadByTheOpenAiProvider() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		spendPrimarysFirstWindow();
		assertStreamed(openAi(), SimulatedOpenAi.MODEL, "the simulated OpenAI provider");
	}

	@Test
	void secondaryAnswersInAnthropicsFormat() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		ChatResponse response = anthropic()
			.chat(SimulatedAnthropic.MODEL, ChatRequest.builder().system("Be brief.").user("Hi there").build())
			.block(TIMEOUT);
		assertThat(response.content())
			.isEqualTo("This answer comes from the simulated Anthropic provider. You said: Hi there");
		assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(response.usage()).isEqualTo(new TokenUsage(4, 12));
	}

	@Test
	void secondaryStreamsAnthropicsNamedEventsInOrder() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		String body = post(this.simulator.anthropicBaseUrl() + "/messages", """
				{"model": "sim-claude-sonnet-4-5", "max_tokens": 1024, "stream": true,
				 "messages": [{"role": "user", "content": "Hi"}]}""").getBody();
		List<String> events = List.of(body.substring(0, body.length() - 2).split("\n\n"));
		assertThat(events).allSatisfy((event) -> assertThat(event).matches("event: [a-z_]+\ndata: \\{.*}"));
		List<String> names = events.stream().map((event) -> event.substring(7, event.indexOf('\n'))).toList();
		assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
		assertThat(names.subList(3, names.size() - 3)).hasSize(11).containsOnly("content_block_delta");
		assertThat(names.subList(names.size() - 3, names.size())).containsExactly("content_block_stop", "message_delta",
				"message_stop");
		JsonNode end = OpenAiEvents.json(events.get(events.size() - 2).split("\ndata: ")[1]);
		assertThat(end.at("/delta/stop_reason").asString()).isEqualTo("end_turn");
		assertThat(end.at("/usage/output_tokens").asInt()).isEqualTo(11);
	}

	@Test
	void secondaryStreamIsReadByTheAnthropicProvider() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		assertStreamed(anthropic(), SimulatedAnthropic.MODEL, "the simulated Anthropic provider");
	}

	@Test
	void answersEndAtStopSequencesAndAtTheOutputBudgetLikeARealModels() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		ChatResponse truncated = anthropic()
			.chat(SimulatedAnthropic.MODEL, ChatRequest.builder().user("Hi").maxTokens(3).build())
			.block(TIMEOUT);
		assertThat(truncated.content()).isEqualTo("This answer comes ");
		assertThat(truncated.finishReason()).isEqualTo(FinishReason.LENGTH);
		ChatResponse stopped = anthropic()
			.chat(SimulatedAnthropic.MODEL, ChatRequest.builder().user("Hi").stop("from").build())
			.block(TIMEOUT);
		assertThat(stopped.content()).isEqualTo("This answer comes ");
		assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
	}

	@Test
	void bothListTheirModelsForHealthProbes() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		assertThat(openAi().listModels().block(TIMEOUT)).containsExactly(SimulatedOpenAi.MODEL);
		assertThat(anthropic().listModels().block(TIMEOUT)).containsExactly(SimulatedAnthropic.MODEL);
	}

	@Test
	void requestWithoutMessagesIsRejectedInTheProvidersErrorFormat() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		ResponseEntity<String> openAi = post(this.simulator.openAiBaseUrl() + "/chat/completions",
				"{\"model\": \"m\"}");
		assertThat(openAi.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(OpenAiEvents.json(openAi.getBody()).at("/error/type").asString()).isEqualTo("invalid_request_error");
		ResponseEntity<String> anthropic = post(this.simulator.anthropicBaseUrl() + "/messages", "not json");
		assertThat(anthropic.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		JsonNode body = OpenAiEvents.json(anthropic.getBody());
		assertThat(body.path("type").asString()).isEqualTo("error");
		assertThat(body.at("/error/type").asString()).isEqualTo("invalid_request_error");
	}

	@Test
	void destroyClosesThePort() {
		this.simulator = ProviderSimulator.start(SHORT_WINDOW, Duration.ZERO);
		String models = this.simulator.anthropicBaseUrl() + "/models";
		assertThat(WebClient.create(models).get().retrieve().toBodilessEntity().block(TIMEOUT).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		this.simulator.destroy();
		assertThatExceptionOfType(WebClientRequestException.class)
			.isThrownBy(() -> WebClient.create(models).get().retrieve().toBodilessEntity().block(TIMEOUT));
	}

	private void assertStreamed(LlmProvider provider, String model, String speaker) {
		List<ChatChunk> chunks = provider.stream(model, ChatRequest.of("Hi there")).collectList().block(TIMEOUT);
		String text = String.join("", chunks.stream().map(ChatChunk::text).toList());
		assertThat(text).isEqualTo("This answer comes from " + speaker + ". You said: Hi there");
		assertThat(chunks).hasSize(13);
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
		assertThat(last.usage()).isEqualTo(new TokenUsage(2, 12));
	}

	/**
	 * The primary refuses its first request whatever the window; wait that window out.
	 */
	private void spendPrimarysFirstWindow() {
		assertThat(post(this.simulator.openAiBaseUrl() + "/chat/completions", REQUEST).getStatusCode())
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		try {
			Thread.sleep(SHORT_WINDOW.multipliedBy(3).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private OpenAiLlmProvider openAi() {
		return new OpenAiLlmProvider(
				settings("simulated-openai", this.simulator.openAiBaseUrl(), SimulatedOpenAi.MODEL),
				WebClient.builder());
	}

	private AnthropicLlmProvider anthropic() {
		return new AnthropicLlmProvider(
				settings("simulated-anthropic", this.simulator.anthropicBaseUrl(), SimulatedAnthropic.MODEL),
				WebClient.builder());
	}

	private static ProviderSettings settings(String name, String baseUrl, String model) {
		return new ProviderSettings(name, baseUrl, null, List.of(model), Map.of(), 1024 * 1024);
	}

	private static ResponseEntity<String> post(String url, String body) {
		return WebClient.create(url)
			.post()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block(TIMEOUT);
	}

}
