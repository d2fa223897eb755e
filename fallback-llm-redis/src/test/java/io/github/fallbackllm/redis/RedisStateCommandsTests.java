package io.github.fallbackllm.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts of the shared state and the client budgets.
 *
 * @author Fallback LLM contributors
 */
class RedisStateCommandsTests {

	@Test
	void aScriptIsReadOnceRatherThanCheckedForChangesOnEveryCommand() throws NoSuchAlgorithmException {
		CountingResource resource = new CountingResource("return 1");
		RedisScript<Long> script = RedisStateCommands.script(resource, Long.class);
		String sha1 = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1").digest("return 1".getBytes(StandardCharsets.UTF_8)));
		for (int i = 0; i < 100; i++) {
			assertThat(script.getSha1()).isEqualTo(sha1);
		}
		assertThat(script.getScriptAsString()).isEqualTo("return 1");
		assertThat(resource.modificationChecks).hasValue(0);
	}

	@Test
	void thePackagedScriptsLoad() {
		assertThat(RedisStateCommands.script("budget-acquire.lua", Long.class).getScriptAsString())
			.contains("redis.call");
	}

	/** A resource that counts how often it is asked whether it changed. */
	private static final class CountingResource extends ByteArrayResource {

		private final AtomicInteger modificationChecks = new AtomicInteger();

		CountingResource(String content) {
			super(content.getBytes(StandardCharsets.UTF_8), "a counting script");
		}

		@Override
		public long lastModified() {
			this.modificationChecks.incrementAndGet();
			return 1L;
		}

	}

}
