package io.github.fallbackllm.chat;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * The answer to a chat call and how it was obtained.
 *
 * @param content the generated text; with a JSON response format, the JSON text
 * @param toolCalls the tools the model asks to call, in order; empty when it asks for
 * none
 * @param provider the provider that answered
 * @param model the model that answered, as the provider reported it
 * @param finishReason why generation stopped; {@link FinishReason#TOOL_CALLS} when the
 * model waits for tool results
 * @param usage tokens consumed, when the provider reported them
 * @param attempts every target the call tried or skipped, in order; the last one
 * succeeded
 * @author Fallback LLM contributors
 */
public record ChatResponse(String content, List<ToolCall> toolCalls, String provider, String model,
		FinishReason finishReason, @Nullable TokenUsage usage, List<Attempt> attempts) {

	public ChatResponse {
		toolCalls = List.copyOf(toolCalls);
		attempts = List.copyOf(attempts);
	}

	/**
	 * Create a text answer.
	 * @param content the text
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param finishReason why generation stopped
	 * @param usage tokens consumed, if reported
	 * @param attempts the attempts of the call
	 */
	public ChatResponse(String content, String provider, String model, FinishReason finishReason,
			@Nullable TokenUsage usage, List<Attempt> attempts) {
		this(content, List.of(), provider, model, finishReason, usage, attempts);
	}

	/**
	 * Return whether a target other than the first one in the chain answered.
	 * @return whether the call fell back
	 */
	public boolean fellBack() {
		return this.attempts.size() > 1;
	}

	/**
	 * Return the answer as the assistant message that continues the conversation, tool
	 * calls included.
	 * @return the message
	 */
	public ChatMessage message() {
		return ChatMessage.assistant(this.content, this.toolCalls);
	}

	/**
	 * Bind structured output (a JSON response format) with the application's mapper.
	 * @param <T> the type to bind to
	 * @param type the type to bind to
	 * @param mapper the mapper, such as the application's {@code JsonMapper} bean
	 * @return the bound content
	 * @throws tools.jackson.core.JacksonException if the content does not bind
	 */
	public <T> T contentAs(Class<T> type, ObjectMapper mapper) {
		return mapper.readValue(this.content, type);
	}

	public ChatResponse withAttempts(List<Attempt> attempts) {
		return new ChatResponse(this.content, this.toolCalls, this.provider, this.model, this.finishReason, this.usage,
				attempts);
	}

}
