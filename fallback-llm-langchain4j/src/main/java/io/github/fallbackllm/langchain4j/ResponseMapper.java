package io.github.fallbackllm.langchain4j;

import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.ToolCall;
import org.jspecify.annotations.Nullable;

/**
 * Maps the chain's answers to LangChain4j's {@link ChatResponse}: an {@link AiMessage}
 * with the text and the tool execution requests, and {@link FallbackChatResponseMetadata}
 * with the model and provider that answered, usage, finish reason and attempts.
 *
 * @author Fallback LLM contributors
 */
final class ResponseMapper {

	private ResponseMapper() {
	}

	static ChatResponse toResponse(io.github.fallbackllm.chat.ChatResponse response) {
		return response(response.content(), toolRequests(response.toolCalls()), response.finishReason(),
				response.usage(), response.provider(), response.model(), response.attempts());
	}

	static ChatResponse response(String text, List<ToolExecutionRequest> toolRequests,
			io.github.fallbackllm.chat.FinishReason finishReason, io.github.fallbackllm.chat.@Nullable TokenUsage usage,
			String provider, String model, List<Attempt> attempts) {
		// A message that only calls tools has no text, as in LangChain4j's own models.
		AiMessage message = AiMessage.builder()
			.text((text.isEmpty() && !toolRequests.isEmpty()) ? null : text)
			.toolExecutionRequests(toolRequests)
			.build();
		FallbackChatResponseMetadata.Builder metadata = FallbackChatResponseMetadata.builder()
			.provider(provider)
			.attempts(attempts)
			.modelName(model)
			.finishReason(finishReason(finishReason));
		if (usage != null) {
			metadata.tokenUsage(new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()));
		}
		return ChatResponse.builder().aiMessage(message).metadata(metadata.build()).build();
	}

	static List<ToolExecutionRequest> toolRequests(List<ToolCall> toolCalls) {
		return toolCalls.stream().map(ResponseMapper::toolRequest).toList();
	}

	static ToolExecutionRequest toolRequest(ToolCall call) {
		return ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments()).build();
	}

	private static FinishReason finishReason(io.github.fallbackllm.chat.FinishReason reason) {
		return switch (reason) {
			case STOP -> FinishReason.STOP;
			case LENGTH -> FinishReason.LENGTH;
			case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
			case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
			case OTHER -> FinishReason.OTHER;
		};
	}

}
