package io.github.fallbackllm.gateway.responses;

import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounds of the in-memory response store.
 *
 * @author Fallback LLM contributors
 */
class InMemoryResponseStoreTests {

	/** 16 characters of overhead per message, and 4 of text. */
	private static final List<ChatMessage> TWENTY_CHARS = List.of(ChatMessage.user("abcd"));

	@Test
	void aStoredConversationComesBackAndAnUnknownOneIsEmpty() {
		InMemoryResponseStore store = new InMemoryResponseStore(1000);
		store.save("resp_1", TWENTY_CHARS).block();

		assertThat(store.conversation("resp_1").block()).isEqualTo(TWENTY_CHARS);
		assertThat(store.conversation("resp_2").blockOptional()).isEmpty();
	}

	@Test
	void theLeastRecentlyUsedConversationsGoWhenTheBoundIsReached() {
		InMemoryResponseStore store = new InMemoryResponseStore(60);
		store.save("resp_1", TWENTY_CHARS).block();
		store.save("resp_2", TWENTY_CHARS).block();
		store.save("resp_3", TWENTY_CHARS).block();
		store.conversation("resp_1").block();

		store.save("resp_4", TWENTY_CHARS).block();

		assertThat(store.size()).isEqualTo(3);
		assertThat(store.conversation("resp_2").blockOptional()).isEmpty();
		assertThat(store.conversation("resp_1").blockOptional()).isPresent();
		assertThat(store.conversation("resp_4").blockOptional()).isPresent();
	}

	@Test
	void aConversationLargerThanTheBoundIsNotStoredAndEvictsNothing() {
		InMemoryResponseStore store = new InMemoryResponseStore(30);
		store.save("resp_1", TWENTY_CHARS).block();

		store.save("resp_2", List.of(ChatMessage.user("x".repeat(100)))).block();

		assertThat(store.conversation("resp_2").blockOptional()).isEmpty();
		assertThat(store.conversation("resp_1").blockOptional()).isPresent();
	}

}
