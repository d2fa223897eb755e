package io.github.fallbackllm.redis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link RedisLink} tells an outage's start and end, without Redis: commands are
 * monos the test answers.
 *
 * @author Fallback LLM contributors
 */
class RedisLinkTests {

	private final RedisLink link = new RedisLink(Schedulers.immediate(), Duration.ofSeconds(5), Clock.systemUTC());

	@Test
	void theFirstAnswerMakesTheStateShared() {
		assertThat(this.link.status()).isEqualTo(RedisStoreStatus.CONNECTING);
		this.link.connect(() -> Mono.just("OK")).block();
		assertThat(this.link.isShared()).isTrue();
	}

	@Test
	void anAnswerToACommandSentBeforeAnOutageBeganDoesNotEndIt() {
		this.link.probe(() -> Mono.just("PONG")).block();
		Sinks.One<String> late = Sinks.one();
		this.link.probe(late::asMono).subscribe();
		this.link.lost(new IOException("connection reset"));
		assertThat(this.link.isShared()).isFalse();

		late.tryEmitValue("PONG");

		assertThat(this.link.isShared()).as("an answer sent before the outage does not end it").isFalse();
		this.link.probe(() -> Mono.just("PONG")).block();
		assertThat(this.link.isShared()).as("an answer sent during the outage ends it").isTrue();
	}

	@Test
	void writesAreSkippedDuringAnOutage() {
		this.link.probe(() -> Mono.just("PONG")).block();
		this.link.lost(new IOException("connection reset"));
		boolean[] sent = { false };
		this.link.write(() -> {
			sent[0] = true;
			return Mono.just("OK");
		}).block();
		assertThat(sent[0]).isFalse();
	}

}
