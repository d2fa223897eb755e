package io.github.fallbackllm.springai;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Maps a Spring AI {@link Prompt} to a {@link ChatRequest}. Options set on the prompt win
 * over the model's defaults, one by one.
 *
 * @author Fallback LLM contributors
 */
final class PromptMapper {

	private static final Log logger = LogFactory.getLog(PromptMapper.class);

	private final ChatOptions defaults;

	PromptMapper(ChatOptions defaults) {
		this.defaults = defaults;
	}

	ChatRequest toRequest(Prompt prompt) {
		ChatOptions options = prompt.getOptions();
		ChatRequest.Builder request = ChatRequest.builder()
			.messages(prompt.getInstructions().stream().map(PromptMapper::toMessage).toList())
			.temperature(option(options, ChatOptions::getTemperature))
			.maxTokens(option(options, ChatOptions::getMaxTokens));
		List<String> stop = option(options, ChatOptions::getStopSequences);
		if (stop != null) {
			request.stop(stop);
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

	/** Options that the providers of a mixed chain could not honour alike. */
	private void logIgnored(@Nullable ChatOptions options) {
		if (logger.isDebugEnabled() && (option(options, ChatOptions::getTopK) != null
				|| option(options, ChatOptions::getFrequencyPenalty) != null
				|| option(options, ChatOptions::getPresencePenalty) != null)) {
			logger.debug("Ignoring topK, frequencyPenalty and presencePenalty of the Spring AI options: "
					+ "not every provider of the fallback chain supports them");
		}
	}

	private static ChatMessage toMessage(Message message) {
		String text = Objects.requireNonNullElse(message.getText(), "");
		return switch (message.getMessageType()) {
			case SYSTEM -> ChatMessage.system(text);
			case USER -> {
				if (message instanceof UserMessage user && !user.getMedia().isEmpty()) {
					throw unsupported("media in user messages");
				}
				yield ChatMessage.user(text);
			}
			case ASSISTANT -> {
				if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
					throw unsupported("assistant tool calls");
				}
				yield ChatMessage.assistant(text);
			}
			case TOOL -> throw unsupported("tool responses");
		};
	}

	private static InvalidChatRequestException unsupported(String what) {
		return new InvalidChatRequestException("The fallback chat model does not support " + what + " yet");
	}

}
