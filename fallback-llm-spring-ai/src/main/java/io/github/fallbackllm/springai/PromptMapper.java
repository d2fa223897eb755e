package io.github.fallbackllm.springai;

import java.util.List;
import java.util.function.Function;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.StructuredOutputChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Maps a Spring AI {@link Prompt} to a {@link ChatRequest}: its messages, the portable
 * options, the definitions of its tools (Spring AI runs them) and its output schema.
 * Options set on the prompt win over the model's defaults, one by one.
 *
 * @author Fallback LLM contributors
 */
final class PromptMapper {

	/** Name of the JSON schema of a structured-output request. */
	static final String OUTPUT_SCHEMA_NAME = "response";

	private static final Log logger = LogFactory.getLog(PromptMapper.class);

	private final FallbackChatOptions defaults;

	PromptMapper(FallbackChatOptions defaults) {
		this.defaults = defaults;
	}

	ChatRequest toRequest(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		ChatRequest.Builder request = ChatRequest.builder()
			.messages(MessageMapper.toMessages(prompt.getInstructions()))
			.temperature(option(options, ChatOptions::getTemperature))
			.maxTokens(option(options, ChatOptions::getMaxTokens))
			.topP(option(options, ChatOptions::getTopP))
			.tools(tools(options));
		List<String> stop = option(options, ChatOptions::getStopSequences);
		if (stop != null) {
			request.stop(stop);
		}
		String schema = outputSchema(options);
		if (schema != null) {
			request.responseFormat(ResponseFormat.jsonSchema(OUTPUT_SCHEMA_NAME, schema, false));
		}
		logIgnored(options);
		return request.build();
	}

	/**
	 * Return the model the prompt asks for, if any.
	 */
	@Nullable String model(Prompt prompt) {
		return option(prompt.getOptions(), ChatOptions::getModel);
	}

	private <T> @Nullable T option(@Nullable ChatOptions options, Function<ChatOptions, @Nullable T> getter) {
		T value = (options != null) ? getter.apply(options) : null;
		return (value != null) ? value : getter.apply(this.defaults);
	}

	private List<ToolDefinition> tools(@Nullable ChatOptions options) {
		List<ToolCallback> callbacks = (options instanceof ToolCallingChatOptions toolOptions)
				? toolOptions.getToolCallbacks() : null;
		if (callbacks == null || callbacks.isEmpty()) {
			callbacks = this.defaults.getToolCallbacks();
		}
		if (callbacks == null) {
			return List.of();
		}
		return callbacks.stream()
			.map(ToolCallback::getToolDefinition)
			.map((definition) -> new ToolDefinition(definition.name(), definition.description(),
					definition.inputSchema()))
			.toList();
	}

	private @Nullable String outputSchema(@Nullable ChatOptions options) {
		String schema = (options instanceof StructuredOutputChatOptions structured) ? structured.getOutputSchema()
				: null;
		return (schema != null) ? schema : this.defaults.getOutputSchema();
	}

	/** Options that the providers of a mixed chain could not honour alike. */
	private void logIgnored(@Nullable ChatOptions options) {
		if (logger.isDebugEnabled() && (option(options, ChatOptions::getTopK) != null
				|| option(options, ChatOptions::getFrequencyPenalty) != null
				|| option(options, ChatOptions::getPresencePenalty) != null)) {
			logger.debug("Ignoring topK, frequencyPenalty and presencePenalty of the Spring AI options: "
					+ "not every provider of the fallback chain supports them");
		}
	}

}
