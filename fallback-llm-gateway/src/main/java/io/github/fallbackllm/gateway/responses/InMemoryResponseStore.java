package io.github.fallbackllm.gateway.responses;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link ResponseStore} in this process's memory, bounded by the size of what it holds:
 * when a new conversation would exceed the bound, the least recently used ones are
 * dropped. The size of a conversation is counted in characters of its text, tool calls
 * and images, each conversation in full, although a conversation shares its messages with
 * the ones it continues; so the bound is never exceeded, at the cost of holding fewer
 * conversations than it could. Histories are lost when the process stops, and each
 * instance of the gateway has its own.
 *
 * @author Fallback LLM contributors
 */
public final class InMemoryResponseStore implements ResponseStore {

	private final long maxChars;

	private final Map<String, Entry> conversations = new LinkedHashMap<>(64, 0.75f, true);

	private long chars;

	/**
	 * Create a store.
	 * @param maxChars the most characters it holds, summed over its conversations
	 */
	public InMemoryResponseStore(long maxChars) {
		if (maxChars < 1) {
			throw new IllegalArgumentException("The store's size must be positive (got " + maxChars + ")");
		}
		this.maxChars = maxChars;
	}

	@Override
	public Mono<List<ChatMessage>> conversation(String responseId) {
		return Mono.fromSupplier(() -> {
			synchronized (this.conversations) {
				Entry entry = this.conversations.get(responseId);
				return (entry != null) ? entry.conversation() : null;
			}
		});
	}

	@Override
	public Mono<Void> save(String responseId, List<ChatMessage> conversation) {
		return Mono.fromRunnable(() -> {
			Entry entry = new Entry(List.copyOf(conversation), size(conversation));
			if (entry.chars() > this.maxChars) {
				return;
			}
			synchronized (this.conversations) {
				Entry replaced = this.conversations.remove(responseId);
				if (replaced != null) {
					this.chars -= replaced.chars();
				}
				Iterator<Entry> oldest = this.conversations.values().iterator();
				while (this.chars + entry.chars() > this.maxChars) {
					this.chars -= oldest.next().chars();
					oldest.remove();
				}
				this.conversations.put(responseId, entry);
				this.chars += entry.chars();
			}
		});
	}

	/**
	 * Return the number of conversations held.
	 * @return the number
	 */
	public int size() {
		synchronized (this.conversations) {
			return this.conversations.size();
		}
	}

	private static long size(List<ChatMessage> conversation) {
		long chars = 0;
		for (ChatMessage message : conversation) {
			chars += 16;
			for (ContentPart part : message.parts()) {
				if (part instanceof ContentPart.Text text) {
					chars += text.text().length();
				}
				else if (part instanceof ContentPart.Image image) {
					chars += length(image.url()) + length(image.mediaType()) + length(image.base64Data());
				}
			}
			for (ToolCall call : message.toolCalls()) {
				chars += call.id().length() + call.name().length() + call.arguments().length();
			}
			chars += length(message.toolCallId());
		}
		return chars;
	}

	private static int length(@Nullable String value) {
		return (value != null) ? value.length() : 0;
	}

	private record Entry(List<ChatMessage> conversation, long chars) {

	}

}
