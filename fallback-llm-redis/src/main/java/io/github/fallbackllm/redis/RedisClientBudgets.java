package io.github.fallbackllm.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.fallbackllm.budget.ClientAdmission;
import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.ClientLimit;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.budget.LocalClientBudgets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link ClientBudgets} counted on Redis, so that every instance of an application
 * enforces one limit per client: each call takes its share with one script, one round
 * trip, that checks every window and takes from all of them or none, atomically. A
 * settlement is one more command, sent after the call without waiting for it.
 * <p>
 * Windows are clock minutes and UTC days of each instance's clock, so the instances'
 * clocks should agree (NTP). Keys live under
 * {@code <prefix>:budget:{<client>}:rpm|tpm:<epoch minute>} and
 * {@code <prefix>:budget:{<client>}:day:<epoch day>}, and expire after their window; they
 * hold the client's name, never a secret.
 * <p>
 * When Redis is out or slower than {@code timeout}, each instance counts on its own, as
 * {@link LocalClientBudgets} do, so a client may get up to N times its limits from N
 * instances until Redis answers again; one call per {@code resync-interval} asks it.
 *
 * @author Fallback LLM contributors
 */
public final class RedisClientBudgets implements ClientBudgets, AutoCloseable {

	private static final RedisScript<Long> ACQUIRE = RedisStateCommands.script("budget-acquire.lua", Long.class);

	private static final RedisScript<Long> SETTLE = RedisStateCommands.script("budget-settle.lua", Long.class);

	/** A minute's keys outlive their minute, for calls that settle late in it. */
	private static final String MINUTE_TTL = Long.toString(Duration.ofMinutes(2).toMillis());

	private static final String DAY_TTL = Long.toString(Duration.ofDays(2).toMillis());

	private final ReactiveStringRedisTemplate template;

	private final String prefix;

	private final RedisLink link;

	private final LocalClientBudgets local;

	private final Clock clock;

	private final long probeIntervalMillis;

	private final AtomicLong nextProbe = new AtomicLong();

	/**
	 * Create the budgets on the given connection, dated by the system clock.
	 * @param connectionFactory the application's Redis connection
	 * @param settings how Redis is used: its key prefix, timeout and resync interval
	 */
	public RedisClientBudgets(ReactiveRedisConnectionFactory connectionFactory, RedisStateSettings settings) {
		this(connectionFactory, settings, Clock.systemUTC());
	}

	/**
	 * Create the budgets on the given connection.
	 * @param connectionFactory the application's Redis connection
	 * @param settings how Redis is used: its key prefix, timeout and resync interval
	 * @param clock the clock that dates minutes and days; every instance's should agree
	 */
	public RedisClientBudgets(ReactiveRedisConnectionFactory connectionFactory, RedisStateSettings settings,
			Clock clock) {
		this.template = new ReactiveStringRedisTemplate(connectionFactory);
		this.prefix = settings.keyPrefix() + ":budget:";
		this.link = new RedisLink(Schedulers.newSingle("fallback-llm-redis-budgets", true), settings.timeout(), clock,
				"client budgets (gateway keys)");
		this.local = new LocalClientBudgets(clock);
		this.clock = clock;
		this.probeIntervalMillis = settings.resyncInterval().toMillis();
	}

	/**
	 * Connect and load the scripts; until then, as during an outage, budgets are counted
	 * on this instance.
	 */
	public void start() {
		this.link
			.connect(
					() -> this.template
						.execute(
								(connection) -> Flux.fromIterable(List.of(ACQUIRE, SETTLE))
									.concatMap((script) -> connection.scriptingCommands()
										.scriptLoad(ByteBuffer
											.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8)))))
						.then(Mono.just(true)))
			.subscribe();
	}

	/**
	 * Return whether budgets are counted on Redis right now, and if not, since when and
	 * why.
	 * @return the status
	 */
	public RedisStoreStatus status() {
		return this.link.status();
	}

	@Override
	public Mono<ClientAdmission> acquire(String client, ClientLimits limits, long estimatedTokens) {
		Instant now = this.clock.instant();
		if (!limits.limited()) {
			return Mono.just(ClientAdmission.taken(client, limits, now, estimatedTokens));
		}
		return shared(client, limits, estimatedTokens, now)
			// Lettuce answers on its connection's one event-loop thread: the call goes on
			// elsewhere, lest every call's work queue on that thread.
			.publishOn(Schedulers.parallel())
			.map((refused) -> admission(client, limits, now, estimatedTokens, refused))
			.switchIfEmpty(Mono.fromSupplier(() -> this.local.tryAcquire(client, limits, estimatedTokens)));
	}

	@Override
	public void settle(ClientAdmission admission, long usedTokens) {
		long correction = usedTokens - admission.estimatedTokens();
		if (correction == 0) {
			return;
		}
		if (!this.link.isShared()) {
			// Counted here while Redis was out, most likely.
			this.local.settle(admission, usedTokens);
			return;
		}
		Instant now = this.clock.instant();
		ClientLimits limits = admission.limits();
		List<String> windows = new ArrayList<>(2);
		if (limits.tpm() > 0 && admission.minute() == now.toEpochMilli() / 60_000L) {
			windows.add(key(admission.client(), "tpm", admission.minute()));
		}
		if (limits.tokensPerDay() > 0 && admission.day() == now.toEpochMilli() / 86_400_000L) {
			windows.add(key(admission.client(), "day", admission.day()));
		}
		if (!windows.isEmpty()) {
			this.link.write(() -> this.template.execute(SETTLE, windows, List.of(Long.toString(correction))).next())
				.subscribe();
		}
	}

	/**
	 * Stop: commands in flight finish, and nothing new goes to Redis.
	 */
	@Override
	public void close() {
		this.link.close();
	}

	/**
	 * Take the share on Redis: empty when Redis is out, unless this call is the one that
	 * asks whether it is back.
	 */
	private Mono<Long> shared(String client, ClientLimits limits, long estimatedTokens, Instant now) {
		long minute = now.toEpochMilli() / 60_000L;
		List<String> keys = List.of(key(client, "rpm", minute), key(client, "tpm", minute),
				key(client, "day", now.toEpochMilli() / 86_400_000L));
		List<String> args = List.of(Long.toString(limits.rpm()), Long.toString(limits.tpm()),
				Long.toString(limits.tokensPerDay()), Long.toString(estimatedTokens), MINUTE_TTL, DAY_TTL);
		if (this.link.isShared()) {
			return this.link.write(() -> this.template.execute(ACQUIRE, keys, args).next());
		}
		long next = this.nextProbe.get();
		long nowMillis = System.nanoTime() / 1_000_000L;
		if (nowMillis < next || !this.nextProbe.compareAndSet(next, nowMillis + this.probeIntervalMillis)) {
			return Mono.empty();
		}
		return this.link.probe(() -> this.template.execute(ACQUIRE, keys, args).next());
	}

	private static ClientAdmission admission(String client, ClientLimits limits, Instant now, long estimatedTokens,
			long refused) {
		return switch ((int) refused) {
			case 0 -> ClientAdmission.taken(client, limits, now, estimatedTokens);
			case 1 -> ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.RPM);
			case 2 -> ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.TPM);
			default -> ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.TOKENS_PER_DAY);
		};
	}

	/**
	 * A window's key; the client in braces keeps a client's keys in one Redis Cluster
	 * slot, as one script must.
	 */
	private String key(String client, String window, long period) {
		return this.prefix + "{" + client + "}:" + window + ":" + period;
	}

}
