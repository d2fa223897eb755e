package io.github.fallbackllm.redis;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.budget.BudgetLease;
import io.github.fallbackllm.budget.BudgetStore;
import reactor.core.publisher.Mono;

/**
 * The declared budgets of targets, counted on Redis by every instance: each lease is one
 * script on {@code <prefix>:target-budget:{<provider/model>}:rpm|tpm:<epoch minute>},
 * sent on the store's thread, never the call's. While Redis is out, each instance counts
 * on its own.
 *
 * @author Fallback LLM contributors
 */
final class RedisBudgetStore implements BudgetStore {

	/** A minute's key outlives its minute, for leases that arrive late in it. */
	private static final Duration TTL = Duration.ofMinutes(2);

	private final RedisStateCommands commands;

	private final RedisLink link;

	RedisBudgetStore(RedisStateCommands commands, RedisLink link) {
		this.commands = commands;
		this.link = link;
	}

	@Override
	public boolean isShared() {
		return this.link.isShared();
	}

	@Override
	public Mono<BudgetLease> lease(String target, String window, long minute, long owed, long wanted, long limit) {
		return this.link.write(() -> this.commands.lease(target, window, minute, owed, wanted, limit, TTL))
			.map((answer) -> new BudgetLease(answer.get(0), answer.get(1)));
	}

}
