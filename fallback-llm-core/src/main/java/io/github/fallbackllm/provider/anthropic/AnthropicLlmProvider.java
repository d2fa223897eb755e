package io.github.fallbackllm.provider.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Provider for the Anthropic Messages API ({@code POST /messages}).
 *
 * @author Fallback LLM contributors
 */
public class AnthropicLlmProvider extends WebClientLlmProvider {

	static final String API_VERSION = "2023-06-01";

	public AnthropicLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder);
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.set("x-api-key", apiKey);
		}
		headers.set("anthropic-version", API_VERSION);
	}

	@Override
	protected String chatPath() {
		return "/messages";
	}

	@Override
	protected Object chatBody(String model, ChatRequest request, boolean stream) {
		String system = request.messages()
			.stream()
			.filter((message) -> message.role() == ChatRole.SYSTEM)
			.map(ChatMessage::content)
			.collect(Collectors.joining("\n\n"));
		List<Message> messages = new ArrayList<>(request.messages().size());
		for (ChatMessage message : request.messages()) {
			if (message.role() != ChatRole.SYSTEM) {
				messages.add(new Message(message.role().wireName(), message.content()));
			}
		}
		int maxTokens = (request.maxTokens() != null) ? request.maxTokens() : ChatRequest.DEFAULT_MAX_TOKENS;
		return new Body(model, maxTokens, system.isEmpty() ? null : system, messages, request.temperature(),
				request.stop().isEmpty() ? null : request.stop(), stream ? Boolean.TRUE : null);
	}

	@Override
	protected ChatResponse readResponse(String model, JsonNode body) {
		StringBuilder content = new StringBuilder();
		body.path("content").forEach((block) -> {
			if ("text".equals(block.path("type").asString(""))) {
				content.append(block.path("text").asString(""));
			}
		});
		FinishReason finishReason = toFinishReason(body.path("stop_reason").asString(""));
		if (finishReason == FinishReason.CONTENT_FILTER) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED, "stop_reason refusal");
		}
		// An empty answer cut by the caller's token limit is an answer, not a fault.
		if (content.isEmpty() && finishReason != FinishReason.TOOL_CALLS && finishReason != FinishReason.LENGTH) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "message without text content");
		}
		JsonNode usage = body.path("usage");
		return new ChatResponse(content.toString(), name(), body.path("model").asString(model), finishReason,
				usage.isObject()
						? new TokenUsage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0))
						: null,
				List.of());
	}

	@Override
	protected StreamDecoder streamDecoder(String model) {
		return new AnthropicStreamDecoder(name(), model);
	}

	@Override
	protected String modelsPath() {
		return "/models?limit=1000";
	}

	static FinishReason toFinishReason(String value) {
		return switch (value) {
			case "end_turn", "stop_sequence" -> FinishReason.STOP;
			case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
			case "refusal" -> FinishReason.CONTENT_FILTER;
			case "tool_use" -> FinishReason.TOOL_CALLS;
			default -> FinishReason.OTHER;
		};
	}

	/**
	 * Reads named events up to {@code message_stop}: the model and input tokens from
	 * {@code message_start}, text from {@code content_block_delta}, the stop reason and
	 * cumulative output tokens from {@code message_delta}; {@code ping} and unknown
	 * events are ignored.
	 */
	static final class AnthropicStreamDecoder extends StreamDecoder {

		private int inputTokens;

		private int outputTokens;

		AnthropicStreamDecoder(String provider, String model) {
			super(provider, model);
		}

		@Override
		protected boolean isEnd(ServerSentEvent<String> event) {
			return "message_stop".equals(event.event());
		}

		@Override
		protected void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink) {
			String type = (event.event() != null) ? event.event() : data.path("type").asString("");
			switch (type) {
				case "message_start" -> {
					JsonNode message = data.path("message");
					setModel(message.path("model").asString(""));
					this.inputTokens = message.path("usage").path("input_tokens").asInt(0);
					this.outputTokens = message.path("usage").path("output_tokens").asInt(0);
					reportUsage(message.path("usage").isObject());
				}
				case "content_block_delta" -> {
					JsonNode delta = data.path("delta");
					if ("text_delta".equals(delta.path("type").asString(""))) {
						emitText(delta.path("text").asString(""), sink);
					}
				}
				case "message_delta" -> {
					String stopReason = data.path("delta").path("stop_reason").asString("");
					if (!stopReason.isEmpty()) {
						setFinishReason(toFinishReason(stopReason));
					}
					JsonNode usage = data.path("usage");
					if (usage.has("output_tokens")) {
						this.outputTokens = usage.path("output_tokens").asInt(this.outputTokens);
						reportUsage(true);
					}
				}
				default -> {
				}
			}
		}

		private void reportUsage(boolean reported) {
			if (reported) {
				setUsage(new TokenUsage(this.inputTokens, this.outputTokens));
			}
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Body(String model, @JsonProperty("max_tokens") int maxTokens, @Nullable String system,
			List<Message> messages, @Nullable Double temperature,
			@JsonProperty("stop_sequences") @Nullable List<String> stopSequences, @Nullable Boolean stream) {
	}

	record Message(String role, String content) {
	}

}
