package io.github.fallbackllm.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Durations;
import io.github.fallbackllm.health.ModelCheck.MissingModel;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailureDecision.Health;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Probes one provider by listing its models ({@link LlmProvider#listModels()}), never by
 * a chat call, so probes cost no tokens. A result is reused for a time to live, and
 * callers that arrive while a probe runs share it: however many health requests come in,
 * at most one probe per provider is in flight.
 * <p>
 * A probe never fails: errors, timeouts and providers that cannot list their models all
 * become a {@link ProbeResult}, redacted.
 *
 * @author Fallback LLM contributors
 */
public final class LlmProviderProbe {

	private final LlmProvider provider;

	private final FailurePolicy policy;

	private final FailureAdvice advice;

	private final SecretRedactor redactor;

	private final Duration timeout;

	private final Duration cacheTtl;

	private final Clock clock;

	private final AtomicReference<@Nullable Run> current = new AtomicReference<>();

	/**
	 * Create a probe.
	 * @param provider the provider to probe
	 * @param policy what a failure says about the provider
	 * @param advice how a user refers to what must change
	 * @param redactor removes secrets from errors
	 * @param timeout time allowed for one probe
	 * @param cacheTtl how long a result is reused
	 * @param clock the clock that dates results and expires them
	 */
	public LlmProviderProbe(LlmProvider provider, FailurePolicy policy, FailureAdvice advice, SecretRedactor redactor,
			Duration timeout, Duration cacheTtl, Clock clock) {
		this.provider = provider;
		this.policy = policy;
		this.advice = advice;
		this.redactor = redactor;
		this.timeout = timeout;
		this.cacheTtl = cacheTtl;
		this.clock = clock;
	}

	/**
	 * Return the probed provider.
	 * @return the provider
	 */
	public LlmProvider provider() {
		return this.provider;
	}

	/**
	 * Return the last result while it is fresh, or else probe the provider; a probe
	 * already in flight is joined rather than repeated.
	 * @return the result
	 */
	public Mono<ProbeResult> probe() {
		return Mono.defer(() -> {
			Run run = this.current.get();
			return (run != null && run.isFresh(this.clock.instant())) ? run.result() : start(run).result();
		});
	}

	/**
	 * Probe the provider now, even if the last result is fresh, unless a probe is already
	 * in flight, which is then joined.
	 * @return the result
	 */
	public Mono<ProbeResult> refresh() {
		return Mono.defer(() -> {
			Run run = this.current.get();
			return (run != null && run.isRunning()) ? run.result() : start(run).result();
		});
	}

	/**
	 * Cancel the probe in flight, if any; its waiting callers get an {@code UNKNOWN}
	 * result.
	 */
	public void close() {
		Run run = this.current.get();
		if (run != null) {
			run.cancel();
		}
	}

	/**
	 * Return what to change for a failure that is a configuration problem.
	 * @param outcome the failure
	 * @return the action, or {@code null} when the failure is not a configuration problem
	 */
	public @Nullable String action(AttemptOutcome outcome) {
		if (outcome == AttemptOutcome.INVALID_RESPONSE) {
			// A model list that is not JSON usually means the base URL points elsewhere.
			return "check " + this.advice.endpoint(this.provider.name());
		}
		return this.policy.action(outcome, this.provider.name(), -1, null, this.advice);
	}

	/**
	 * Return the redactor that cleans what this probe reports.
	 * @return the redactor
	 */
	public SecretRedactor redactor() {
		return this.redactor;
	}

	private Run start(@Nullable Run seen) {
		Run next = new Run();
		if (this.current.compareAndSet(seen, next)) {
			next.start();
			return next;
		}
		// Another caller started a probe first: share it.
		return Objects.requireNonNull(this.current.get());
	}

	private Mono<ProbeResult> execute() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			// Deferred: a provider that throws rather than signalling must still end the
			// probe.
			return Mono.defer(this.provider::listModels)
				.timeout(this.timeout)
				.map((offered) -> listed(offered, elapsed(start)))
				.switchIfEmpty(Mono.fromSupplier(() -> result(ProviderStatus.UNKNOWN, elapsed(start),
						"cannot list its models", List.of(), null, null, null)))
				.onErrorResume((ex) -> Mono.just(failed(ex, elapsed(start))));
		});
	}

	private ProbeResult listed(List<String> offered, Duration latency) {
		List<String> configured = this.provider.models();
		List<MissingModel> missing = ModelCheck.missing(configured, offered);
		String summary = "lists " + offered.size() + ((offered.size() == 1) ? " model" : " models");
		if (missing.isEmpty()) {
			return result(ProviderStatus.UP, latency, summary, missing, null, null, null);
		}
		String action = "check " + missing.stream()
			.map((model) -> this.advice.model(this.provider.name(), model.index(), model.model()))
			.collect(Collectors.joining(", "));
		if (missing.size() == configured.size()) {
			return result(ProviderStatus.DOWN, latency, summary, missing, null, "offers none of the configured models",
					action);
		}
		return result(ProviderStatus.UP, latency, summary, missing, null, null, action);
	}

	private ProbeResult failed(Throwable ex, Duration latency) {
		ProviderException failure = (ex instanceof TimeoutException)
				? ProviderException.of(AttemptOutcome.TIMEOUT, "no answer within " + Durations.format(this.timeout))
				: ProviderException.from(ex, this.redactor);
		AttemptOutcome outcome = failure.getOutcome();
		String summary = outcome.description()
				+ ((failure.getHttpStatus() != null) ? " (HTTP " + failure.getHttpStatus() + ")" : "");
		String error = this.redactor.redact(failure.getMessage());
		if (outcome == AttemptOutcome.MODEL_NOT_FOUND) {
			// A 404 on the model list says the endpoint has none, not that a model is
			// unknown: nothing to learn about the provider from it.
			return result(ProviderStatus.UNKNOWN, latency,
					"offers no model list (HTTP " + failure.getHttpStatus() + ")", List.of(), outcome, null, null);
		}
		if (this.policy.decide(outcome).health() == Health.DOWN) {
			return result(ProviderStatus.DOWN, latency, summary, List.of(), outcome, error, action(outcome));
		}
		return result(ProviderStatus.UNKNOWN, latency, summary, List.of(), outcome, error, null);
	}

	private ProbeResult result(ProviderStatus status, Duration latency, String summary, List<MissingModel> missing,
			@Nullable AttemptOutcome failure, @Nullable String error, @Nullable String action) {
		return new ProbeResult(status, this.clock.instant(), latency, summary, missing, failure, error, action);
	}

	private static Duration elapsed(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * One probe, started at most once, whose result every caller shares until it expires.
	 */
	private final class Run {

		// A sink rather than a cached Mono: callers that cancel leave the probe running
		// for the others.
		private final Sinks.One<ProbeResult> outcome = Sinks.one();

		private volatile @Nullable Instant expiresAt;

		private volatile @Nullable Disposable subscription;

		void start() {
			this.subscription = execute().subscribe(this::complete);
		}

		private void complete(ProbeResult result) {
			this.expiresAt = result.checkedAt().plus(LlmProviderProbe.this.cacheTtl);
			this.outcome.tryEmitValue(result);
		}

		Mono<ProbeResult> result() {
			return this.outcome.asMono();
		}

		boolean isRunning() {
			return this.expiresAt == null;
		}

		boolean isFresh(Instant now) {
			Instant expires = this.expiresAt;
			return expires == null || now.isBefore(expires);
		}

		void cancel() {
			Disposable running = this.subscription;
			if (running != null && isRunning()) {
				running.dispose();
				complete(LlmProviderProbe.this.result(ProviderStatus.UNKNOWN, Duration.ZERO, "probe cancelled",
						List.of(), null, null, null));
			}
		}

	}

}
