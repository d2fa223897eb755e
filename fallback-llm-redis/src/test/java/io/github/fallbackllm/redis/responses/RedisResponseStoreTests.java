package io.github.fallbackllm.redis.responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatRole;
import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.redis.RedisStateSettings;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RedisResponseStore} against a real {@code redis-server}.
 *
 * @author Fallback LLM contributors
 */
class RedisResponseStoreTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	private final String prefix = "test-" + System.nanoTime();

	private final List<RedisResponseStore> stores = new ArrayList<>();

	@AfterEach
	void close() {
		this.stores.forEach(RedisResponseStore::close);
	}

	@Test
	void aConversationStoredByOneInstanceIsReadWholeByAnother() {
		List<ChatMessage> conversation = List.of(ChatMessage.system("Be brief."),
				ChatMessage.user("What is this?", new ContentPart.Image("https://example.com/cat.png", null, null),
						new ContentPart.Image(null, "image/png", "iVBORw0KGgo=")),
				ChatMessage.assistant("", List.of(new ToolCall("call_1", "lookup", "{\"q\":\"cat\"}"))),
				ChatMessage.toolError("call_1", "not found"), ChatMessage.toolResult("call_1", "a cat"),
				ChatMessage.assistant("A cat."));

		store(1024 * 1024).save("resp_1", conversation).block(WAIT);

		assertThat(store(1024 * 1024).conversation("resp_1").block(WAIT)).isEqualTo(conversation);
	}

	@Test
	void eachResponseIsOneKeyUnderThePrefixThatExpires() {
		store(1024 * 1024).save("resp_2", List.of(new ChatMessage(ChatRole.USER, "Hi"))).block(WAIT);

		assertThat(redis.command("EXISTS " + this.prefix + ":response:resp_2")).isEqualTo(":1");
		assertThat(Long.parseLong(redis.command("PTTL " + this.prefix + ":response:resp_2").substring(1))).isBetween(1L,
				60_000L);
	}

	@Test
	void aConversationLargerThanTheBoundIsNotStored() {
		RedisResponseStore store = store(100);

		store.save("resp_3", List.of(ChatMessage.user("x".repeat(200)))).block(WAIT);

		assertThat(store.conversation("resp_3").blockOptional(WAIT)).isEmpty();
		assertThat(redis.command("EXISTS " + this.prefix + ":response:resp_3")).isEqualTo(":0");
	}

	@Test
	void anUnknownResponseIsEmpty() {
		assertThat(store(1024).conversation("resp_unknown").blockOptional(WAIT)).isEmpty();
	}

	@Test
	void anIdentifierTheGatewayCannotHaveMadeIsNotLookedUp() {
		RedisResponseStore store = store(1024);
		redis.command("SET " + this.prefix + ":response:a:b x");

		assertThat(store.conversation("a:b").blockOptional(WAIT)).isEmpty();
		assertThat(store.conversation("*").blockOptional(WAIT)).isEmpty();
	}

	@Test
	void aStoreNeedsAPositiveTimeToLiveAndBound() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisResponseStore(redis.connectionFactory(),
				RedisStateSettings.of(this.prefix), Duration.ZERO, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisResponseStore(redis.connectionFactory(),
				RedisStateSettings.of(this.prefix), Duration.ofMinutes(1), 0));
	}

	private RedisResponseStore store(long maxEntryBytes) {
		// A connection's first command may take longer than a command's default timeout.
		RedisStateSettings settings = RedisStateSettings.of(this.prefix);
		RedisResponseStore store = new RedisResponseStore(
				redis.connectionFactory(), new RedisStateSettings(this.prefix, WAIT, settings.resyncInterval(),
						settings.trialLead(), settings.trialLease(), settings.failureWindow()),
				Duration.ofMinutes(1), maxEntryBytes);
		this.stores.add(store);
		return store;
	}

}
