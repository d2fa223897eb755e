package io.github.fallbackllm.autoconfigure.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.health.LlmProviderProbe;
import io.github.fallbackllm.health.ModelCheck.MissingModel;
import io.github.fallbackllm.health.MonitoredProvider;
import io.github.fallbackllm.health.ProbeResult;
import io.github.fallbackllm.health.ProviderStatus;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.state.Cooldown;
import io.github.fallbackllm.state.Failure;
import io.github.fallbackllm.state.TargetState;
import io.github.fallbackllm.state.TargetStateStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code llm} health indicator: one entry per provider of the chain, with its own
 * status from its probe and from what chat traffic has shown (cooldowns, recent
 * failures), and a {@code routes} entry with each route's groups and whether one of its
 * targets can serve.
 * <p>
 * The indicator is {@code UP} while at least one provider can serve, since the chain
 * falls back past the others; {@code DOWN} when none can; {@code UNKNOWN} when none is
 * known to serve but not all are known to be broken (providers without a model list). It
 * is a single indicator rather than a composite because the health endpoint aggregates a
 * composite's children with the application's status order, where one {@code DOWN} child
 * would turn the whole application {@code DOWN}.
 *
 * @author Fallback LLM contributors
 */
public final class LlmHealthIndicator implements ReactiveHealthIndicator, AutoCloseable {

	private final List<MonitoredProvider> providers;

	private final TargetStateStore cooldowns;

	private final List<Route> routes;

	/**
	 * Create an indicator.
	 * @param providers the providers of the chain, in order
	 * @param cooldowns the state chat traffic left
	 * @param routes the routes to list; none for no {@code routes} entry
	 */
	public LlmHealthIndicator(List<MonitoredProvider> providers, TargetStateStore cooldowns, List<Route> routes) {
		this.providers = List.copyOf(providers);
		this.cooldowns = cooldowns;
		this.routes = List.copyOf(routes);
	}

	/**
	 * Return the probes of the providers, in chain order.
	 * @return the probes
	 */
	public List<LlmProviderProbe> probes() {
		return this.providers.stream().map(MonitoredProvider::probe).toList();
	}

	@Override
	public Mono<Health> health() {
		return Flux.fromIterable(this.providers)
			.flatMapSequential((provider) -> provider.probe().probe().map((result) -> describe(provider, result)))
			.collectList()
			.map(this::aggregate);
	}

	/** Cancel probes in flight. */
	@Override
	public void close() {
		this.providers.forEach((provider) -> provider.probe().close());
	}

	private Health aggregate(List<ProviderHealth> providers) {
		boolean anyUp = providers.stream().anyMatch((provider) -> provider.status() == ProviderStatus.UP);
		boolean allDown = !providers.isEmpty()
				&& providers.stream().allMatch((provider) -> provider.status() == ProviderStatus.DOWN);
		Status status = anyUp ? Status.UP : (allDown ? Status.DOWN : Status.UNKNOWN);
		Map<String, Object> details = new LinkedHashMap<>();
		providers.forEach((provider) -> details.put(provider.name(), provider.details()));
		if (!this.routes.isEmpty()) {
			details.put("routes", RouteHealth.describe(this.routes, this.cooldowns, this.cooldowns.clock().instant()));
		}
		return Health.status(status).withDetails(details).build();
	}

	private ProviderHealth describe(MonitoredProvider monitored, ProbeResult probe) {
		LlmProvider provider = monitored.probe().provider();
		SecretRedactor redactor = monitored.probe().redactor();
		Instant now = this.cooldowns.clock().instant();
		Traffic traffic = new Traffic(now, redactor);
		TargetState providerState = this.cooldowns.provider(provider.name());
		traffic.add(provider.name(), providerState);
		List<String> usable = new ArrayList<>();
		for (String model : provider.models()) {
			TargetState state = this.cooldowns.target(provider.name(), model);
			traffic.add(provider.name() + "/" + model, state);
			if (!state.isCoolingDown(now)
					&& probe.missingModels().stream().noneMatch((missing) -> missing.model().equals(model))) {
				usable.add(model);
			}
		}
		ProviderStatus status = probe.status();
		if (providerState.isCoolingDown(now) || (!provider.models().isEmpty() && usable.isEmpty())) {
			status = ProviderStatus.DOWN;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", status.name());
		details.put("type", monitored.type());
		if (monitored.baseUrl() != null) {
			details.put("baseUrl", monitored.baseUrl());
		}
		details.put("models", provider.models());
		details.put("lastCheck", probe.checkedAt().toString());
		details.put("latency", Durations.format(probe.latency()));
		details.put("probe", probe.summary());
		if (!probe.missingModels().isEmpty()) {
			details.put("modelProblems", probe.missingModels().stream().map(MissingModel::describe).toList());
		}
		if (!traffic.coolingDown.isEmpty()) {
			details.put("coolingDown", traffic.coolingDown);
		}
		if (!traffic.consecutiveFailures.isEmpty()) {
			details.put("consecutiveFailures", traffic.consecutiveFailures);
		}
		Failure seen = traffic.lastFailure;
		if (probe.error() != null && (seen == null || !seen.at().isAfter(probe.checkedAt()))) {
			details.put("lastError", probe.error());
			details.put("lastErrorAt", probe.checkedAt().toString());
		}
		else if (seen != null) {
			details.put("lastError", redactor.redact(seen.describe()));
			details.put("lastErrorAt", seen.at().toString());
		}
		String action = (probe.action() != null) ? probe.action()
				: (seen != null) ? monitored.probe().action(seen.outcome()) : null;
		if (action != null) {
			details.put("action", action);
		}
		return new ProviderHealth(provider.name(), status, details);
	}

	/** What chat traffic left on the targets of one provider. */
	private static final class Traffic {

		private final Instant now;

		private final SecretRedactor redactor;

		private final Map<String, Object> coolingDown = new LinkedHashMap<>();

		private final Map<String, Integer> consecutiveFailures = new LinkedHashMap<>();

		private @Nullable Failure lastFailure;

		Traffic(Instant now, SecretRedactor redactor) {
			this.now = now;
			this.redactor = redactor;
		}

		void add(String target, TargetState state) {
			Cooldown cooldown = state.cooldown();
			if (cooldown != null && state.isCoolingDown(this.now)) {
				Map<String, String> entry = new LinkedHashMap<>();
				entry.put("until", cooldown.until().toString());
				entry.put("reason", this.redactor.redact(cooldown.detail()));
				this.coolingDown.put(target, entry);
			}
			if (state.consecutiveFailures() > 0) {
				this.consecutiveFailures.put(target, state.consecutiveFailures());
			}
			Failure failure = state.lastFailure();
			if (failure != null && (this.lastFailure == null || failure.at().isAfter(this.lastFailure.at()))) {
				this.lastFailure = failure;
			}
		}

	}

	private record ProviderHealth(String name, ProviderStatus status, Map<String, Object> details) {

	}

}
