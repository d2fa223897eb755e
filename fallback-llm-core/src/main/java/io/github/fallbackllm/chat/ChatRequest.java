package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A chat call, independent of any provider's wire format. Validated on construction so
 * that a request no provider could accept fails before it costs a network call.
 *
 * @param messages the conversation, oldest first; at least one non-system message, and
 * every tool call of an assistant message answered by the tool messages that follow it
 * @param temperature sampling temperature between 0 and 2, or {@code null} for the
 * provider's default
 * @param maxTokens the most tokens to generate, or {@code null} for the provider's
 * default (Anthropic, which requires a value, then gets {@value #DEFAULT_MAX_TOKENS})
 * @param stop sequences that end generation
 * @param topP nucleus sampling between 0 and 1, or {@code null} for the provider's
 * default
 * @param seed a seed for repeatable sampling, where the provider supports one (OpenAI)
 * @param user an end-user identifier for the provider's abuse monitoring (Anthropic:
 * {@code metadata.user_id})
 * @param tools the tools the model may call
 * @param toolChoice whether and which tool to call, or {@code null} for the provider's
 * default (auto when there are tools)
 * @param parallelToolCalls whether the model may call several tools at once, or
 * {@code null} for the provider's default (yes)
 * @param responseFormat the form of the content, or {@code null} for text
 * @param extraBody fields added to the provider's request body as they are, for
 * parameters this model does not know; they override the provider's configured ones
 * @param route the name or alias of the route to serve the request, or {@code null} for
 * the route of the service it is sent to
 * @param affinity a key, such as a conversation or user id, that keeps calls on one
 * target of a group that has affinity, so that the provider's prompt cache serves them;
 * {@code null} for none. It is not sent to providers.
 * @param hedge whether the call may be hedged when its route hedges slow calls;
 * {@code false} opts out, for example for a call whose cost must not double
 * @author Fallback LLM contributors
 */
public record ChatRequest(List<ChatMessage> messages, @Nullable Double temperature, @Nullable Integer maxTokens,
		List<String> stop, @Nullable Double topP, @Nullable Long seed, @Nullable String user,
		List<ToolDefinition> tools, @Nullable ToolChoice toolChoice, @Nullable Boolean parallelToolCalls,
		@Nullable ResponseFormat responseFormat, Map<String, Object> extraBody, @Nullable String route,
		@Nullable String affinity, boolean hedge) {

	/** Output budget sent to providers that require one when the request names none. */
	public static final int DEFAULT_MAX_TOKENS = 4096;

	/** Larger than any model's output window; anything above is a caller's mistake. */
	public static final int MAX_TOKENS_LIMIT = 1_000_000;

	public ChatRequest {
		if (messages == null || messages.isEmpty()) {
			throw new InvalidChatRequestException("A chat request needs at least one message");
		}
		messages = List.copyOf(validated(messages));
		if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
			throw new InvalidChatRequestException("The temperature must be between 0 and 2 (got " + temperature + ")");
		}
		if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
			throw new InvalidChatRequestException("The maximum number of tokens must be between 1 and "
					+ MAX_TOKENS_LIMIT + " (got " + maxTokens + ")");
		}
		if (topP != null && !(topP >= 0 && topP <= 1)) {
			throw new InvalidChatRequestException("top_p must be between 0 and 1 (got " + topP + ")");
		}
		stop = (stop != null) ? List.copyOf(stop) : List.of();
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		ToolConversation.check(messages, tools, toolChoice);
		extraBody = (extraBody != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(extraBody)) : Map.of();
	}

	/**
	 * Create a request without an affinity key, that may be hedged.
	 * @param messages the conversation
	 * @param temperature the temperature, or {@code null}
	 * @param maxTokens the output budget, or {@code null}
	 * @param stop stop sequences
	 * @param topP nucleus sampling, or {@code null}
	 * @param seed a seed, or {@code null}
	 * @param user an end-user identifier, or {@code null}
	 * @param tools the tools
	 * @param toolChoice the tool choice, or {@code null}
	 * @param parallelToolCalls whether tools may be called at once, or {@code null}
	 * @param responseFormat the form of the content, or {@code null}
	 * @param extraBody fields added to the provider's request body
	 * @param route the route, or {@code null}
	 */
	public ChatRequest(List<ChatMessage> messages, @Nullable Double temperature, @Nullable Integer maxTokens,
			List<String> stop, @Nullable Double topP, @Nullable Long seed, @Nullable String user,
			List<ToolDefinition> tools, @Nullable ToolChoice toolChoice, @Nullable Boolean parallelToolCalls,
			@Nullable ResponseFormat responseFormat, Map<String, Object> extraBody, @Nullable String route) {
		this(messages, temperature, maxTokens, stop, topP, seed, user, tools, toolChoice, parallelToolCalls,
				responseFormat, extraBody, route, null, true);
	}

	/**
	 * Create a request of text messages and sampling settings only.
	 * @param messages the conversation
	 * @param temperature the temperature, or {@code null}
	 * @param maxTokens the output budget, or {@code null}
	 * @param stop stop sequences
	 */
	public ChatRequest(List<ChatMessage> messages, @Nullable Double temperature, @Nullable Integer maxTokens,
			List<String> stop) {
		this(messages, temperature, maxTokens, stop, null, null, null, List.of(), null, null, null, Map.of(), null,
				null, true);
	}

	/**
	 * Return what a target must support to serve this request: tools when it defines
	 * tools or its conversation holds tool calls, images when a message holds one, and
	 * JSON-schema output when it asks for it.
	 * @return the capabilities needed beyond text
	 */
	public Set<Capability> requiredCapabilities() {
		Set<Capability> needed = EnumSet.noneOf(Capability.class);
		if (!this.tools.isEmpty()) {
			needed.add(Capability.TOOLS);
		}
		for (ChatMessage message : this.messages) {
			if (!message.toolCalls().isEmpty() || message.role() == ChatRole.TOOL) {
				needed.add(Capability.TOOLS);
			}
			if (message.hasImages()) {
				needed.add(Capability.IMAGES);
			}
		}
		if (this.responseFormat != null && this.responseFormat.type() == ResponseFormat.Type.JSON_SCHEMA) {
			needed.add(Capability.JSON_SCHEMA);
		}
		return needed;
	}

	private static List<ChatMessage> validated(List<ChatMessage> messages) {
		boolean conversation = false;
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if (message == null) {
				throw new InvalidChatRequestException("messages[" + i + "] is null");
			}
			conversation |= message.role() != ChatRole.SYSTEM;
		}
		if (!conversation) {
			throw new InvalidChatRequestException(
					"A chat request needs a user or assistant message, not only system ones");
		}
		return messages;
	}

	/**
	 * Create a request holding a single user message.
	 * @param userMessage the message
	 * @return the request
	 */
	public static ChatRequest of(String userMessage) {
		return builder().user(userMessage).build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder that starts from this request, for example to continue its
	 * conversation.
	 * @return the builder
	 */
	public Builder mutate() {
		return new Builder().messages(this.messages)
			.temperature(this.temperature)
			.maxTokens(this.maxTokens)
			.stop(this.stop)
			.topP(this.topP)
			.seed(this.seed)
			.endUser(this.user)
			.tools(this.tools)
			.toolChoice(this.toolChoice)
			.parallelToolCalls(this.parallelToolCalls)
			.responseFormat(this.responseFormat)
			.extraBody(this.extraBody)
			.route(this.route)
			.affinity(this.affinity)
			.hedge(this.hedge);
	}

	/**
	 * Builder for {@link ChatRequest}.
	 */
	public static final class Builder {

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Integer maxTokens;

		private List<String> stop = List.of();

		private @Nullable Double topP;

		private @Nullable Long seed;

		private @Nullable String user;

		private final List<ToolDefinition> tools = new ArrayList<>();

		private @Nullable ToolChoice toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable ResponseFormat responseFormat;

		private final Map<String, Object> extraBody = new LinkedHashMap<>();

		private @Nullable String route;

		private @Nullable String affinity;

		private boolean hedge = true;

		private Builder() {
		}

		public Builder system(String content) {
			return message(ChatMessage.system(content));
		}

		public Builder user(String content) {
			return message(ChatMessage.user(content));
		}

		/**
		 * Add a user message of text followed by images or more text.
		 * @param text the text
		 * @param parts the parts that follow it
		 * @return this builder
		 */
		public Builder user(String text, ContentPart... parts) {
			return message(ChatMessage.user(text, parts));
		}

		public Builder assistant(String content) {
			return message(ChatMessage.assistant(content));
		}

		/**
		 * Add the result of a tool call.
		 * @param toolCallId the call it answers
		 * @param content the result
		 * @return this builder
		 */
		public Builder toolResult(String toolCallId, String content) {
			return message(ChatMessage.toolResult(toolCallId, content));
		}

		public Builder message(ChatMessage message) {
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<ChatMessage> messages) {
			this.messages.addAll(messages);
			return this;
		}

		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder stop(String... sequences) {
			this.stop = Arrays.asList(sequences);
			return this;
		}

		public Builder stop(List<String> sequences) {
			this.stop = sequences;
			return this;
		}

		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Name the end user, for the provider's abuse monitoring ({@code user} on the
		 * wire; {@link #user(String)} adds a user message).
		 * @param user an opaque identifier of the end user
		 * @return this builder
		 */
		public Builder endUser(@Nullable String user) {
			this.user = user;
			return this;
		}

		/**
		 * Add tools the model may call.
		 * @param tools the tools
		 * @return this builder
		 */
		public Builder tools(ToolDefinition... tools) {
			return tools(Arrays.asList(tools));
		}

		public Builder tools(List<ToolDefinition> tools) {
			this.tools.addAll(tools);
			return this;
		}

		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
			return this;
		}

		/**
		 * Add a field to the provider's request body as it is.
		 * @param name the field's name
		 * @param value its value, anything Jackson can write
		 * @return this builder
		 */
		public Builder extraBody(String name, Object value) {
			this.extraBody.put(name, value);
			return this;
		}

		public Builder extraBody(Map<String, Object> fields) {
			this.extraBody.putAll(fields);
			return this;
		}

		/**
		 * Name the route to serve the request, by name or alias, rather than the route of
		 * the service it is sent to.
		 * @param route the route, or {@code null}
		 * @return this builder
		 */
		public Builder route(@Nullable String route) {
			this.route = route;
			return this;
		}

		/**
		 * Give the call an affinity key: calls with the same key stay on one target of a
		 * group that has affinity while it is usable.
		 * @param affinity the key, such as a conversation id, or {@code null}
		 * @return this builder
		 */
		public Builder affinity(@Nullable String affinity) {
			this.affinity = affinity;
			return this;
		}

		/**
		 * Let the call be hedged when its route hedges slow calls (the default), or opt
		 * out.
		 * @param hedge whether the call may be hedged
		 * @return this builder
		 */
		public Builder hedge(boolean hedge) {
			this.hedge = hedge;
			return this;
		}

		public ChatRequest build() {
			return new ChatRequest(this.messages, this.temperature, this.maxTokens, this.stop, this.topP, this.seed,
					this.user, this.tools, this.toolChoice, this.parallelToolCalls, this.responseFormat, this.extraBody,
					this.route, this.affinity, this.hedge);
		}

	}

}
