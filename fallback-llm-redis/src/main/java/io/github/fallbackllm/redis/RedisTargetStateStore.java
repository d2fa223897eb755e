package io.github.fallbackllm.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.fallbackllm.budget.BudgetStore;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * Target states shared by every instance of an application through Redis.
 * <p>
 * Each instance keeps a local copy that answers the chat calls at once; nothing on a
 * call's path waits for Redis. Cooldown starts are written to Redis and published on a
 * channel that every instance applies as the message arrives; consecutive failures are
 * counted in Redis, so that failures seen by different instances add up to the threshold;
 * one instance at a time holds the trial lease of a recovering target. A periodic resync
 * compares the local copy with Redis, which covers missed messages and brings the
 * instances together again after an outage. While Redis is out, each instance works on
 * its own, as the in-memory store does.
 * <p>
 * The declared budgets of targets are counted on Redis too, each instance leasing slices
 * of a minute's window in the background (see {@link BudgetStore}).
 * <p>
 * {@link #start()} begins the sharing; {@link #close()} ends it.
 *
 * @author Fallback LLM contributors
 */
public final class RedisTargetStateStore implements TargetStateStore, AutoCloseable {

	private final ConcurrentMap<String, SharedTargetState> states = new ConcurrentHashMap<>();

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final RedisStateSettings settings;

	private final Clock clock;

	private final Scheduler scheduler;

	private final RedisLink link;

	private final RedisStateCommands commands;

	private final StateSharing sharing;

	private final RedisBudgetStore budgets;

	private final AtomicReference<@Nullable Disposable> subscription = new AtomicReference<>();

	private volatile @Nullable Disposable resync;

	/**
	 * Create a store on the given connection, dated by the system clock.
	 * @param connectionFactory the application's Redis connection
	 * @param settings how Redis is used
	 */
	public RedisTargetStateStore(ReactiveRedisConnectionFactory connectionFactory, RedisStateSettings settings) {
		this(connectionFactory, settings, Clock.systemUTC());
	}

	/**
	 * Create a store on the given connection.
	 * @param connectionFactory the application's Redis connection
	 * @param settings how Redis is used
	 * @param clock the clock that dates failures and cooldowns; every instance's should
	 * agree, as NTP makes them
	 */
	public RedisTargetStateStore(ReactiveRedisConnectionFactory connectionFactory, RedisStateSettings settings,
			Clock clock) {
		this.connectionFactory = connectionFactory;
		this.settings = settings;
		this.clock = clock;
		this.scheduler = Schedulers.newSingle("fallback-llm-redis", true);
		this.link = new RedisLink(this.scheduler, settings.timeout(), clock);
		this.commands = new RedisStateCommands(new ReactiveStringRedisTemplate(connectionFactory),
				settings.keyPrefix());
		this.sharing = new StateSharing(this.commands, this.link, settings, clock, UUID.randomUUID().toString());
		this.budgets = new RedisBudgetStore(this.commands, this.link);
	}

	@Override
	public TargetState target(String provider, String model) {
		return state("model:" + provider + "/" + model);
	}

	@Override
	public TargetState provider(String provider) {
		return state("provider:" + provider);
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Return the declared budgets of targets, leased from Redis in slices.
	 * @return the budget store
	 */
	@Override
	public BudgetStore budgets() {
		return this.budgets;
	}

	/**
	 * Return how Redis is used.
	 * @return the settings
	 */
	public RedisStateSettings settings() {
		return this.settings;
	}

	/**
	 * Return whether the state is shared right now, and if not, since when and why.
	 * @return the status
	 */
	public RedisStoreStatus status() {
		return this.link.status();
	}

	/**
	 * Connect, then start the periodic resync, whose first round subscribes to the other
	 * instances' messages and reads what Redis already holds. The state is shared from
	 * then on; until then, as during an outage, this instance works on its own.
	 */
	public void start() {
		this.resync = this.link.connect(() -> this.commands.loadScripts().thenReturn(true))
			.thenMany(Flux.interval(Duration.ZERO, this.settings.resyncInterval(), this.scheduler))
			.onBackpressureDrop()
			.concatMap((tick) -> resync(List.copyOf(this.states.values())), 1)
			.subscribe();
	}

	/**
	 * Stop sharing; the local copy stays as it is.
	 */
	@Override
	public void close() {
		Disposable running = this.resync;
		if (running != null) {
			running.dispose();
		}
		Disposable listening = this.subscription.getAndSet(null);
		if (listening != null) {
			listening.dispose();
		}
		this.states.values().forEach((state) -> state.nextRace(null));
		this.link.close();
	}

	private SharedTargetState state(String id) {
		SharedTargetState existing = this.states.get(id);
		if (existing != null) {
			return existing;
		}
		SharedTargetState created = new SharedTargetState(id, this.sharing);
		SharedTargetState raced = this.states.putIfAbsent(id, created);
		if (raced != null) {
			return raced;
		}
		this.link.write(() -> this.commands.cooldowns(List.of(id)))
			.subscribe((cooldowns) -> reconcile(created, SharedCooldown.parse(cooldowns.get(0))));
		return created;
	}

	/**
	 * Listen to the channel, unless already listening. Lettuce resubscribes by itself
	 * after a reconnection; a subscription that ended is started again by the resync.
	 * @return completes once Redis confirmed the subscription
	 */
	private Mono<Void> subscribe() {
		Disposable current = this.subscription.get();
		if (current != null && !current.isDisposed()) {
			return Mono.empty();
		}
		Sinks.Empty<Void> subscribed = Sinks.empty();
		Disposable next = Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(this.connectionFactory))
			.subscribeOn(this.scheduler)
			.flatMapMany((container) -> container.receiveLater(ChannelTopic.of(this.commands.channel()))
				.doOnNext((messages) -> subscribed.tryEmitEmpty())
				.flatMapMany((messages) -> messages)
				.doFinally((signal) -> container.destroyLater().subscribe()))
			.subscribe((message) -> received(message.getMessage()), (failure) -> {
				subscribed.tryEmitError(failure);
				this.link.lost(failure);
			});
		if (!this.subscription.compareAndSet(current, next)) {
			next.dispose();
			return Mono.empty();
		}
		return subscribed.asMono();
	}

	private void received(String text) {
		StateMessage message = StateMessage.parse(text);
		if (message == null || message.origin().equals(this.sharing.instance())) {
			return;
		}
		SharedTargetState state = this.states.get(message.id());
		if (state == null) {
			return;
		}
		switch (message.kind()) {
			case COOLED -> this.sharing.adopt(state, message.cooldown());
			case FAILED -> state.failedElsewhere();
			case CLEARED -> state.clearedElsewhere();
			case RESET -> state.resetElsewhere();
		}
	}

	/**
	 * Compare the local copy of the given states with Redis. It also tells whether Redis
	 * is back after an outage.
	 */
	private Mono<Void> resync(List<SharedTargetState> known) {
		return this.link
			.probe(() -> subscribe().then(known.isEmpty() ? this.commands.ping().thenReturn(List.<@Nullable String>of())
					: this.commands.cooldowns(known.stream().map(SharedTargetState::id).toList())))
			.doOnNext((cooldowns) -> {
				for (int i = 0; i < known.size(); i++) {
					reconcile(known.get(i), SharedCooldown.parse(cooldowns.get(i)));
				}
			})
			.then();
	}

	private void reconcile(SharedTargetState state, @Nullable SharedCooldown shared) {
		Instant now = this.clock.instant();
		Cooldown local = state.cooldown();
		Instant clearedUntil = state.clearedUntil();
		if (shared != null && local == null && clearedUntil != null && !shared.until().isAfter(clearedUntil)) {
			// The target answered here while Redis was out.
			this.sharing.cleared(state);
		}
		else if (shared != null) {
			this.sharing.adopt(state, shared);
			if (local != null && local.isRunning(now) && shared.endsBefore(local)) {
				this.sharing.push(state, local);
			}
		}
		else if (local != null) {
			if (local.isRunning(now)) {
				// Started while Redis was out, or lost with Redis's data.
				this.sharing.push(state, local);
			}
			else {
				// Over, and cleared by another instance whose message was missed.
				state.clearedElsewhere();
			}
		}
	}

}
