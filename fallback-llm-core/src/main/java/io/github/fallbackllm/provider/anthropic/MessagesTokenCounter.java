package io.github.fallbackllm.provider.anthropic;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provider that counts the input tokens of an Anthropic Messages request
 * ({@code POST /messages/count_tokens}) without generating anything. Only a provider that
 * speaks Anthropic's format can count for a Messages client: any other count would be an
 * estimate in another model's tokens.
 *
 * @author Fallback LLM contributors
 * @see AnthropicLlmProvider
 */
public interface MessagesTokenCounter {

	/**
	 * Count the input tokens of a request for one model.
	 * @param model the model to count for, one of the provider's models
	 * @param request the count request as a Messages client sent it ({@code messages},
	 * {@code system}, {@code tools}, ...); its {@code model} is replaced
	 * @return the provider's answer, such as {@code {"input_tokens": 14}}; fails with a
	 * {@link io.github.fallbackllm.provider.ProviderException} as a chat call does
	 */
	Mono<JsonNode> countTokens(String model, ObjectNode request);

}
