package io.github.fallbackllm.provider.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.ProviderErrors;
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
 * Provider for the OpenAI Chat Completions API ({@code POST /chat/completions}) and the
 * endpoints that copy it.
 *
 * @author Fallback LLM contributors
 */
public class OpenAiLlmProvider extends WebClientLlmProvider {

	private static final StreamOptions INCLUDE_USAGE = new StreamOptions(true);

	public OpenAiLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		super(settings, webClientBuilder);
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.setBearerAuth(apiKey);
		}
	}

	@Override
	protected String chatPath() {
		return "/chat/completions";
	}

	@Override
	protected Object chatBody(String model, ChatRequest request, boolean stream) {
		List<Message> messages = new ArrayList<>(request.messages().size());
		request.messages()
			.forEach((message) -> messages.add(new Message(message.role().wireName(), message.content())));
		return new Body(model, messages, request.temperature(), request.maxTokens(),
				request.stop().isEmpty() ? null : request.stop(), stream ? Boolean.TRUE : null,
				stream ? INCLUDE_USAGE : null);
	}

	@Override
	protected ChatResponse readResponse(String model, JsonNode body) {
		JsonNode choice = body.path("choices").path(0);
		FinishReason finishReason = toFinishReason(choice.path("finish_reason").asString(""));
		JsonNode message = choice.path("message");
		String content = message.path("content").asString("");
		if (finishReason == FinishReason.CONTENT_FILTER || !message.path("refusal").asString("").isEmpty()) {
			throw ProviderException.of(AttemptOutcome.CONTENT_FILTERED,
					"finish_reason " + choice.path("finish_reason").asString("stop") + ", refusal: "
							+ ProviderErrors.summarize(redactor().redact(message.path("refusal").asString("none"))));
		}
		// An empty answer cut by the caller's token limit is an answer, not a fault.
		if (choice.isMissingNode() || (content.isEmpty() && finishReason != FinishReason.TOOL_CALLS
				&& finishReason != FinishReason.LENGTH)) {
			throw ProviderException.of(AttemptOutcome.INVALID_RESPONSE, "completion without content");
		}
		return new ChatResponse(content, name(), body.path("model").asString(model), finishReason,
				toUsage(body.path("usage")), List.of());
	}

	@Override
	protected StreamDecoder streamDecoder(String model) {
		return new OpenAiStreamDecoder(name(), model);
	}

	static FinishReason toFinishReason(String value) {
		return switch (value) {
			case "stop" -> FinishReason.STOP;
			case "length" -> FinishReason.LENGTH;
			case "content_filter" -> FinishReason.CONTENT_FILTER;
			case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
			default -> FinishReason.OTHER;
		};
	}

	static @Nullable TokenUsage toUsage(JsonNode usage) {
		if (!usage.isObject()) {
			return null;
		}
		return new TokenUsage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0));
	}

	/**
	 * Reads {@code data:} events up to {@code data: [DONE]}. Chunks may have no choices
	 * (Azure's first chunk, the usage chunk) and unknown fields.
	 */
	static final class OpenAiStreamDecoder extends StreamDecoder {

		OpenAiStreamDecoder(String provider, String model) {
			super(provider, model);
		}

		@Override
		protected boolean isEnd(ServerSentEvent<String> event) {
			String data = event.data();
			return data != null && data.strip().equals("[DONE]");
		}

		@Override
		protected void accept(ServerSentEvent<String> event, JsonNode data, SynchronousSink<ChatChunk> sink) {
			setModel(data.path("model").asString(""));
			TokenUsage usage = toUsage(data.path("usage"));
			if (usage != null) {
				setUsage(usage);
			}
			JsonNode choice = data.path("choices").path(0);
			String finishReason = choice.path("finish_reason").asString("");
			if (!finishReason.isEmpty()) {
				setFinishReason(toFinishReason(finishReason));
			}
			emitText(choice.path("delta").path("content").asString(""), sink);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Body(String model, List<Message> messages, @Nullable Double temperature,
			@JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens, @Nullable List<String> stop,
			@Nullable Boolean stream, @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {
	}

	record Message(String role, String content) {
	}

	record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
	}

}
