package io.github.fallbackllm.budget;

import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ToolCall;

/**
 * The tokens a call takes from a tokens-per-minute budget before it is sent: its input
 * estimated at one token per four characters of its messages' text and tool-call
 * arguments (images are not counted), plus its {@code maxTokens}, or
 * {@value ChatRequest#DEFAULT_MAX_TOKENS} when it names none. The answer's reported usage
 * corrects the estimate.
 *
 * @author Fallback LLM contributors
 */
public final class TokenEstimate {

	/** Characters per token of English text in the tokenizers of OpenAI and Anthropic. */
	static final int CHARACTERS_PER_TOKEN = 4;

	private TokenEstimate() {
	}

	/**
	 * Estimate the tokens a request may use.
	 * @param request the request
	 * @return the estimate
	 */
	public static long of(ChatRequest request) {
		long characters = 0;
		for (ChatMessage message : request.messages()) {
			characters += message.content().length();
			for (ToolCall call : message.toolCalls()) {
				characters += call.arguments().length();
			}
		}
		long output = (request.maxTokens() != null) ? request.maxTokens() : ChatRequest.DEFAULT_MAX_TOKENS;
		return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN + output;
	}

	/**
	 * Estimate the tokens of texts sent without an answer to generate, such as the inputs
	 * of an embedding call.
	 * @param inputs the texts
	 * @return the estimate
	 */
	public static long ofInputs(List<String> inputs) {
		long characters = 0;
		for (String input : inputs) {
			characters += input.length();
		}
		return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN;
	}

}
