package io.github.fallbackllm.springai;

import java.util.List;

import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.chat.ToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Maps the chain's answers and stream chunks to Spring AI's {@link ChatResponse}: one
 * generation with the text and tool calls, the provider and model that answered, usage,
 * finish reason and attempts.
 *
 * @author Fallback LLM contributors
 */
final class ChatResponseMapper {

	/** The only kind of tool Spring AI's tool calls name. */
	private static final String FUNCTION = "function";

	private ChatResponseMapper() {
	}

	static ChatResponse toResponse(io.github.fallbackllm.chat.ChatResponse response) {
		return response(message(response.content(), response.toolCalls()), response.finishReason(), response.provider(),
				response.model(), response.usage(), response.attempts());
	}

	/**
	 * Map a stream chunk. Only the last one has a finish reason, usage and the tool
	 * calls, whole: Spring AI's stream aggregation expects complete calls. Every chunk
	 * has the attempts, which are final from the first chunk on.
	 * @param chunk the chunk
	 * @param toolCalls the tool calls of the stream, assembled, for its last chunk
	 */
	static ChatResponse toChunk(ChatChunk chunk, List<ToolCall> toolCalls) {
		return response(message(chunk.text(), toolCalls), chunk.finishReason(), chunk.provider(), chunk.model(),
				chunk.usage(), chunk.attempts());
	}

	private static AssistantMessage message(String text, List<ToolCall> toolCalls) {
		if (toolCalls.isEmpty()) {
			return new AssistantMessage(text);
		}
		return AssistantMessage.builder()
			.content(text)
			.toolCalls(toolCalls.stream()
				.map((call) -> new AssistantMessage.ToolCall(call.id(), FUNCTION, call.name(), call.arguments()))
				.toList())
			.build();
	}

	private static ChatResponse response(AssistantMessage message, @Nullable FinishReason finishReason, String provider,
			String model, @Nullable TokenUsage usage, List<Attempt> attempts) {
		// Spring AI's own models report OpenAI's finish reasons in upper case, as ours
		// are.
		ChatGenerationMetadata generation = (finishReason != null)
				? ChatGenerationMetadata.builder().finishReason(finishReason.name()).build()
				: ChatGenerationMetadata.NULL;
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.model(model)
			.keyValue(FallbackChatModel.PROVIDER_METADATA_KEY, provider)
			.keyValue(FallbackChatModel.ATTEMPTS_METADATA_KEY, attempts);
		if (usage != null) {
			metadata
				.usage(new DefaultUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(), usage));
		}
		return new ChatResponse(List.of(new Generation(message, generation)), metadata.build());
	}

}
