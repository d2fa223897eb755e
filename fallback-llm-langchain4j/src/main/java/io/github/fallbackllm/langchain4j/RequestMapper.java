package io.github.fallbackllm.langchain4j;

import java.util.List;
import java.util.regex.Pattern;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Maps a LangChain4j {@link dev.langchain4j.model.chat.request.ChatRequest} to the
 * chain's {@link ChatRequest}: messages, the sampling parameters every provider honours,
 * tool specifications with their JSON schemas, tool choice and response format.
 * Parameters that some providers of a chain would ignore (top-k, frequency and presence
 * penalties) are refused, as LangChain4j's own models refuse what they do not support.
 *
 * @author Fallback LLM contributors
 */
final class RequestMapper {

	/** Name of a JSON schema that has none, or one the providers would refuse. */
	static final String DEFAULT_SCHEMA_NAME = "response";

	private static final Pattern SCHEMA_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

	private RequestMapper() {
	}

	static ChatRequest toRequest(dev.langchain4j.model.chat.request.ChatRequest request) {
		ChatRequestParameters parameters = request.parameters();
		refuseUnportable(parameters);
		ChatRequest.Builder mapped = ChatRequest.builder()
			.messages(MessageMapper.toMessages(request.messages()))
			.temperature(parameters.temperature())
			.topP(parameters.topP())
			.maxTokens(parameters.maxOutputTokens())
			.toolChoice(toolChoice(parameters.toolChoice()))
			.responseFormat(responseFormat(parameters.responseFormat()));
		if (parameters.toolSpecifications() != null) {
			mapped.tools(parameters.toolSpecifications().stream().map(RequestMapper::tool).toList());
		}
		if (parameters.stopSequences() != null) {
			mapped.stop(parameters.stopSequences());
		}
		return mapped.build();
	}

	static void refuseUnportable(ChatRequestParameters parameters) {
		refuse("topK", parameters.topK());
		refuse("frequencyPenalty", parameters.frequencyPenalty());
		refuse("presencePenalty", parameters.presencePenalty());
	}

	private static void refuse(String name, @Nullable Object value) {
		if (value != null) {
			throw new UnsupportedFeatureException("The '" + name
					+ "' parameter is not supported by the fallback chain: not every provider of a chain honours it");
		}
	}

	private static ToolDefinition tool(ToolSpecification tool) {
		return new ToolDefinition(tool.name(), tool.description(),
				(tool.parameters() != null) ? JsonSchemas.toJson(tool.parameters()) : ToolDefinition.NO_PARAMETERS);
	}

	private static @Nullable ToolChoice toolChoice(dev.langchain4j.model.chat.request.@Nullable ToolChoice choice) {
		if (choice == null) {
			return null;
		}
		return switch (choice) {
			case AUTO -> ToolChoice.AUTO;
			case REQUIRED -> ToolChoice.REQUIRED;
			case NONE -> ToolChoice.NONE;
		};
	}

	private static @Nullable ResponseFormat responseFormat(
			dev.langchain4j.model.chat.request.@Nullable ResponseFormat format) {
		if (format == null || format.type() != ResponseFormatType.JSON) {
			return null;
		}
		JsonSchema schema = format.jsonSchema();
		if (schema == null) {
			return ResponseFormat.JSON_OBJECT;
		}
		String name = (schema.name() != null && SCHEMA_NAME.matcher(schema.name()).matches()) ? schema.name()
				: DEFAULT_SCHEMA_NAME;
		return ResponseFormat.jsonSchema(name, JsonSchemas.toJson(schema.rootElement()), false);
	}

	/**
	 * Return the model that parameters name, if any.
	 */
	static @Nullable String modelName(ChatRequestParameters parameters) {
		String model = parameters.modelName();
		return (model != null && !model.isBlank()) ? model : null;
	}

}
