package io.github.fallbackllm.sample.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.budget.BudgetSnapshot;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.policy.FailureDecision;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteTarget;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo/status}: the chain in order with each target's state and budget, the
 * routes, the recent attempts, the counters and the usage of gateway keys, as the status
 * page shows them.
 *
 * @author Fallback LLM contributors
 */
@RestController
class StatusController {

	private final LlmProviderChain chain;

	private final TargetStateStore store;

	private final RecentAttempts recent;

	private final FallbackChatService service;

	private final FailurePolicy policy;

	private final KeyUsageReader keys;

	StatusController(LlmProviderChain chain, TargetStateStore store, RecentAttempts recent, FallbackChatService service,
			FailurePolicy policy, KeyUsageReader keys) {
		this.chain = chain;
		this.store = store;
		this.recent = recent;
		this.service = service;
		this.policy = policy;
		this.keys = keys;
	}

	@GetMapping("/demo/status")
	Status status() {
		Instant now = this.store.clock().instant();
		List<TargetView> targets = new ArrayList<>();
		for (LlmProviderChain.Link link : this.chain.links()) {
			LlmProvider provider = link.provider();
			TargetState providerState = this.store.provider(provider.name());
			for (String model : provider.models()) {
				targets.add(target(targets.size() + 1, provider, model, providerState,
						this.store.target(provider.name(), model), now));
			}
		}
		List<AttemptEntry> attempts = this.recent.entries()
			.stream()
			.map((entry) -> AttemptEntry.of(entry.epochMilli(), entry.attempt()))
			.toList();
		List<RouteView> routes = this.service.routes().stream().map(RouteView::of).toList();
		return new Status(now.toEpochMilli(), targets, routes, attempts, this.recent.calls(), this.recent.fallbacks(),
				this.recent.failedCalls(), this.keys.keys());
	}

	private TargetView target(int position, LlmProvider provider, String model, TargetState providerState,
			TargetState state, Instant now) {
		// The provider's cooldown covers every model; a model's own may end later.
		Cooldown cooldown = running(providerState, now);
		Cooldown own = running(state, now);
		if (cooldown == null || (own != null && own.until().isAfter(cooldown.until()))) {
			cooldown = own;
		}
		List<BudgetBar> budget = this.service.budget(provider.name() + "/" + model)
			.map(BudgetBar::of)
			.orElse(List.of());
		if (cooldown == null) {
			return new TargetView(position, provider.name(), provider.type(), model, "up", null, null, budget);
		}
		boolean down = this.policy.decide(cooldown.cause()).length() == FailureDecision.Length.LONG;
		return new TargetView(position, provider.name(), provider.type(), model, down ? "down" : "cooling",
				cooldown.until().toEpochMilli(), cooldown.detail(), budget);
	}

	private static @Nullable Cooldown running(TargetState state, Instant now) {
		Cooldown cooldown = state.cooldown();
		return (cooldown != null && cooldown.isRunning(now)) ? cooldown : null;
	}

	/**
	 * The status of the chain.
	 *
	 * @param now the server's time, in epoch milliseconds
	 * @param targets every target, in fallback order
	 * @param routes the routes, with their groups of targets
	 * @param attempts the last attempts and skips, newest first
	 * @param calls calls that ended, answered or not
	 * @param fallbacks answered calls that fell back
	 * @param failedCalls calls that no target answered
	 * @param keys the usage of each gateway key, none when the gateway has no keys
	 */
	record Status(long now, List<TargetView> targets, List<RouteView> routes, List<AttemptEntry> attempts, long calls,
			long fallbacks, long failedCalls, List<KeyUsageReader.KeyView> keys) {
	}

	/**
	 * One route.
	 *
	 * @param name its name
	 * @param aliases the other names that select it
	 * @param groups its groups, in fallback order: the strategy, then each target as
	 * {@code provider/model}, with its weight when not 1
	 */
	record RouteView(String name, List<String> aliases, List<List<String>> groups) {

		static RouteView of(Route route) {
			return new RouteView(route.name(), route.aliases(), route.groups().stream().map((group) -> {
				List<String> entries = new ArrayList<>();
				entries.add(group.strategy());
				group.targets().stream().map(RouteView::target).forEach(entries::add);
				return entries;
			}).toList());
		}

		private static String target(RouteTarget target) {
			return target.name() + ((target.weight() != 1) ? " \u00d7" + target.weight() : "");
		}

	}

	/**
	 * One target and its state.
	 *
	 * @param position its place in the chain, from 1
	 * @param provider the provider's name
	 * @param type the provider's type
	 * @param model the model
	 * @param state {@code up}, {@code cooling} (back by itself) or {@code down} (until
	 * someone acts, or for long)
	 * @param until when calls may try it again, in epoch milliseconds, unless up
	 * @param reason why it is skipped, unless up
	 * @param budget what is left of its rate limits, declared and learned
	 */
	record TargetView(int position, String provider, String type, String model, String state, @Nullable Long until,
			@Nullable String reason, List<BudgetBar> budget) {
	}

	/**
	 * What is left of one rate limit of a target this minute.
	 *
	 * @param limit {@code rpm} or {@code tpm} when declared; {@code requests} or
	 * {@code tokens} when learned from the provider's headers
	 * @param left what is left
	 * @param of the declared limit, {@code null} when learned (the provider said only
	 * what is left)
	 */
	record BudgetBar(String limit, long left, @Nullable Long of) {

		static List<BudgetBar> of(BudgetSnapshot budget) {
			List<BudgetBar> bars = new ArrayList<>();
			if (budget.rpm() > 0) {
				bars.add(new BudgetBar("rpm", Math.max(0, budget.rpm() - budget.requestsUsed()), budget.rpm()));
			}
			if (budget.tpm() > 0) {
				bars.add(new BudgetBar("tpm", Math.max(0, budget.tpm() - budget.tokensUsed()), budget.tpm()));
			}
			if (budget.remainingRequests() >= 0) {
				bars.add(new BudgetBar("requests", budget.remainingRequests(), null));
			}
			if (budget.remainingTokens() >= 0) {
				bars.add(new BudgetBar("tokens", budget.remainingTokens(), null));
			}
			return bars;
		}

	}

	/**
	 * One attempt or skip.
	 *
	 * @param at when it ended, in epoch milliseconds
	 * @param target {@code provider/model}
	 * @param outcome the outcome in snake case, such as {@code rate_limited}
	 * @param httpStatus the provider's HTTP status, if any
	 * @param latencyMs time spent
	 * @param detail what the provider said, or why the target was skipped
	 */
	record AttemptEntry(long at, String target, String outcome, @Nullable Integer httpStatus, long latencyMs,
			String detail) {

		static AttemptEntry of(long at, Attempt attempt) {
			return new AttemptEntry(at, attempt.target(), attempt.outcome().name().toLowerCase(Locale.ROOT),
					attempt.httpStatus(), attempt.duration().toMillis(), attempt.detail());
		}

	}

}
