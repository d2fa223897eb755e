package io.github.fallbackllm.gateway.keys;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.chat.ToolDefinition;

/**
 * The estimate of a request's input tokens that a key's {@code tpm} and
 * {@code max-tokens-per-day} take before the call, corrected with the usage its answer
 * reports: one token per {@value #CHARS_PER_TOKEN} characters of text, tool calls, tool
 * results and tool definitions, {@value #PER_MESSAGE} more per message, and
 * {@value #PER_IMAGE} per image (OpenAI's cost of a 1024 x 1024 image in high detail). It
 * is cheap and dialect-neutral rather than exact: English text runs at about four
 * characters per token in the tokenizers of OpenAI and Anthropic.
 *
 * @author Fallback LLM contributors
 */
final class InputTokens {

	static final int CHARS_PER_TOKEN = 4;

	static final int PER_MESSAGE = 4;

	static final int PER_IMAGE = 765;

	private InputTokens() {
	}

	static long estimate(ChatRequest request) {
		long chars = 0;
		long tokens = 0;
		for (ChatMessage message : request.messages()) {
			tokens += PER_MESSAGE;
			for (ContentPart part : message.parts()) {
				if (part instanceof ContentPart.Text text) {
					chars += text.text().length();
				}
				else {
					tokens += PER_IMAGE;
				}
			}
			for (ToolCall call : message.toolCalls()) {
				chars += call.name().length() + call.arguments().length();
			}
		}
		for (ToolDefinition tool : request.tools()) {
			chars += tool.name().length() + tool.parameters().length()
					+ ((tool.description() != null) ? tool.description().length() : 0);
		}
		return tokens + (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
	}

}
