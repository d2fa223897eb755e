package io.github.fallbackllm.gateway.responses;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ResponseFormat;
import io.github.fallbackllm.chat.ToolChoice;
import io.github.fallbackllm.chat.ToolDefinition;
import io.github.fallbackllm.gateway.ImageUrls;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.INVALID_VALUE;
import static io.github.fallbackllm.gateway.responses.ResponsesRequestException.UNSUPPORTED;

/**
 * A request to the OpenAI Responses API, read from its JSON body. Its {@code input} and
 * settings become a {@link ChatRequest} once the history it continues, if it names a
 * {@code previous_response_id}, is known. Fields whose meaning the gateway cannot honour
 * (built-in tools, server-side conversations, background runs, prompt templates) are
 * rejected rather than dropped, so a client never silently gets a different kind of
 * answer than it asked for. Hints that only tune a model ({@code reasoning},
 * {@code include}, {@code truncation}, {@code service_tier}, {@code text.verbosity}) are
 * ignored, since the model that serves may not be OpenAI's.
 *
 * @author Fallback LLM contributors
 */
public final class ResponsesRequest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String EXAMPLE = "{\"model\": \"any\", \"input\": \"Hello\"}";

	private final String model;

	private final @Nullable String instructions;

	private final List<ChatMessage> input;

	private final @Nullable String previousResponseId;

	private final boolean stream;

	private final boolean store;

	private final @Nullable Double temperature;

	private final @Nullable Double topP;

	private final @Nullable Integer maxOutputTokens;

	private final List<ToolDefinition> tools;

	private final @Nullable ToolChoice toolChoice;

	private final @Nullable Boolean parallelToolCalls;

	private final @Nullable ResponseFormat format;

	private final @Nullable String user;

	private final @Nullable String promptCacheKey;

	private final Echo echo;

	private ResponsesRequest(JsonNode root, ImageUrls images) {
		rejectUnsupported(root);
		this.model = optionalString(root.get("model"), "model", "");
		this.instructions = optionalString(root.get("instructions"), "instructions", null);
		this.input = ResponsesInput.read(root.get("input"), images);
		this.previousResponseId = optionalString(root.get("previous_response_id"), "previous_response_id", null);
		this.stream = bool(root.get("stream"), "stream", false);
		this.store = bool(root.get("store"), "store", true);
		this.temperature = number(root.get("temperature"), "temperature", 2);
		this.topP = number(root.get("top_p"), "top_p", 1);
		this.maxOutputTokens = positiveInt(root.get("max_output_tokens"), "max_output_tokens");
		this.tools = ResponsesTools.tools(root.get("tools"));
		this.toolChoice = ResponsesTools.toolChoice(root.get("tool_choice"));
		this.parallelToolCalls = (present(root.get("parallel_tool_calls")) != null)
				? bool(root.get("parallel_tool_calls"), "parallel_tool_calls", true) : null;
		this.format = ResponsesTools.format(root.get("text"));
		String user = optionalString(root.get("user"), "user", null);
		this.user = (user != null) ? user : optionalString(root.get("safety_identifier"), "safety_identifier", null);
		this.promptCacheKey = optionalString(root.get("prompt_cache_key"), "prompt_cache_key", null);
		this.echo = new Echo(present(root.get("tools")), present(root.get("tool_choice")), present(root.get("text")),
				present(root.get("metadata")));
	}

	/**
	 * Read a request body.
	 * @param body the body, empty when there was none
	 * @param images which image URLs the request may carry
	 * @return the request
	 * @throws ResponsesRequestException if the body is not a request this gateway can
	 * serve, with a message that says what to change
	 */
	public static ResponsesRequest parse(byte[] body, ImageUrls images) {
		if (body.length == 0) {
			throw new ResponsesRequestException(null, INVALID_VALUE,
					"The request body is empty; send a Responses request such as " + EXAMPLE);
		}
		JsonNode root = readJson(body);
		if (!root.isObject()) {
			throw new ResponsesRequestException(null, INVALID_VALUE,
					"The request body must be a JSON object such as " + EXAMPLE);
		}
		return new ResponsesRequest(root, images);
	}

	/**
	 * Return the chat request that continues a stored history with this request's input:
	 * the {@code instructions} first (they are never carried over from an earlier
	 * response, as with OpenAI), then the history, then the input.
	 * @param history the conversation of the previous response, empty when there is none
	 * @return the chat request
	 */
	public ChatRequest chatRequest(List<ChatMessage> history) {
		ChatRequest.Builder request = ChatRequest.builder();
		if (this.instructions != null && !this.instructions.isEmpty()) {
			request.system(this.instructions);
		}
		return request.messages(history)
			.messages(this.input)
			.temperature(this.temperature)
			.topP(this.topP)
			.maxTokens(this.maxOutputTokens)
			.tools(this.tools)
			.toolChoice(this.toolChoice)
			.parallelToolCalls(this.parallelToolCalls)
			.responseFormat(this.format)
			.endUser(this.user)
			.affinity((this.promptCacheKey != null) ? this.promptCacheKey : this.user)
			.build();
	}

	/**
	 * Return the conversation this request's response continues, as a later request's
	 * {@code previous_response_id} replays it: the history, then the input, without the
	 * instructions.
	 * @param history the conversation of the previous response, empty when there is none
	 * @return the conversation, before this response's output
	 */
	public List<ChatMessage> conversation(List<ChatMessage> history) {
		List<ChatMessage> conversation = new ArrayList<>(history.size() + this.input.size() + 1);
		conversation.addAll(history);
		conversation.addAll(this.input);
		return conversation;
	}

	/**
	 * Return the model the client asked for, which selects the route.
	 * @return the model, empty when the request names none
	 */
	public String model() {
		return this.model;
	}

	public @Nullable String instructions() {
		return this.instructions;
	}

	/**
	 * Return the input items of this request, as messages.
	 * @return the messages, oldest first
	 */
	public List<ChatMessage> input() {
		return this.input;
	}

	/**
	 * Return the response whose conversation this request continues.
	 * @return its id, or {@code null} when the request carries its whole history
	 */
	public @Nullable String previousResponseId() {
		return this.previousResponseId;
	}

	/**
	 * Return whether the answer is streamed as events.
	 * @return whether to stream
	 */
	public boolean stream() {
		return this.stream;
	}

	/**
	 * Return whether the client lets the response be stored for a later
	 * {@code previous_response_id} ({@code store}, true unless the client says
	 * otherwise).
	 * @return whether the response may be stored
	 */
	public boolean store() {
		return this.store;
	}

	public @Nullable Double temperature() {
		return this.temperature;
	}

	public @Nullable Double topP() {
		return this.topP;
	}

	public @Nullable Integer maxOutputTokens() {
		return this.maxOutputTokens;
	}

	public @Nullable Boolean parallelToolCalls() {
		return this.parallelToolCalls;
	}

	/**
	 * Return the end user: {@code user}, else {@code safety_identifier}.
	 * @return the end user, or {@code null}
	 */
	public @Nullable String user() {
		return this.user;
	}

	/**
	 * Return the client's {@code prompt_cache_key}, which groups requests that share a
	 * prompt prefix.
	 * @return the key, or {@code null}
	 */
	public @Nullable String promptCacheKey() {
		return this.promptCacheKey;
	}

	/**
	 * Return the request fields a {@code response} object repeats as they were sent.
	 * @return the fields
	 */
	public Echo echo() {
		return this.echo;
	}

	private static JsonNode readJson(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			throw new ResponsesRequestException(null, INVALID_VALUE,
					"The request body is not valid JSON: " + ex.getOriginalMessage() + ((location != null)
							? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : ""));
		}
	}

	private static void rejectUnsupported(JsonNode root) {
		if (present(root.get("conversation")) != null) {
			throw new ResponsesRequestException("conversation", UNSUPPORTED,
					"conversation is not supported by this gateway, which keeps no conversations; "
							+ "send the history in input");
		}
		if (bool(root.get("background"), "background", false)) {
			throw new ResponsesRequestException("background", UNSUPPORTED,
					"background responses are not supported by this gateway; send the request without background, "
							+ "with stream: true for a long answer");
		}
		if (present(root.get("prompt")) != null) {
			throw new ResponsesRequestException("prompt", UNSUPPORTED,
					"prompt templates are not supported by this gateway; send instructions and input instead");
		}
		JsonNode topLogprobs = present(root.get("top_logprobs"));
		if (topLogprobs != null && !(topLogprobs.isIntegralNumber() && topLogprobs.asInt() == 0)) {
			throw new ResponsesRequestException("top_logprobs", UNSUPPORTED,
					"top_logprobs is not supported by this gateway");
		}
	}

	private static @Nullable String optionalString(@Nullable JsonNode value, String name, @Nullable String absent) {
		if (present(value) == null) {
			return absent;
		}
		if (!value.isString()) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be a string (got " + summary(value) + ")");
		}
		return value.asString();
	}

	private static @Nullable Double number(@Nullable JsonNode value, String name, int max) {
		if (present(value) == null) {
			return null;
		}
		if (!value.isNumber()) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be a number between 0 and " + max + " (got " + summary(value) + ")");
		}
		return value.asDouble();
	}

	private static @Nullable Integer positiveInt(@Nullable JsonNode value, String name) {
		if (present(value) == null) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be a positive integer (got " + summary(value) + ")");
		}
		return value.asInt();
	}

	private static boolean bool(@Nullable JsonNode value, String name, boolean absent) {
		if (present(value) == null) {
			return absent;
		}
		if (!value.isBoolean()) {
			throw new ResponsesRequestException(name, INVALID_VALUE,
					name + " must be true or false (got " + summary(value) + ")");
		}
		return value.asBoolean();
	}

	/**
	 * Return the value, or {@code null} when it is absent or JSON null, as OpenAI treats
	 * both.
	 */
	static @Nullable JsonNode present(@Nullable JsonNode value) {
		return (value == null || value.isNull()) ? null : value;
	}

	/**
	 * A short rendering of a value for an error message; never the whole of a long one.
	 */
	static String summary(@Nullable JsonNode value) {
		if (value == null) {
			return "nothing";
		}
		String json = value.toString();
		return (json.length() <= 60) ? json : json.substring(0, 57) + "...";
	}

	/**
	 * The request fields a {@code response} object repeats as the client sent them.
	 *
	 * @param tools the {@code tools}, or {@code null}
	 * @param toolChoice the {@code tool_choice}, or {@code null}
	 * @param text the {@code text} settings, or {@code null}
	 * @param metadata the {@code metadata}, or {@code null}
	 */
	public record Echo(@Nullable JsonNode tools, @Nullable JsonNode toolChoice, @Nullable JsonNode text,
			@Nullable JsonNode metadata) {

	}

}
