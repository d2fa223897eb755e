package io.github.fallbackllm.budget;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import reactor.core.publisher.Mono;

/**
 * {@link ClientBudgets} counted in this instance's memory, lock-free: with N instances, a
 * client gets up to N times its limits.
 *
 * @author Fallback LLM contributors
 */
public final class LocalClientBudgets implements ClientBudgets {

	private final ConcurrentMap<String, Windows> clients = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create the budgets.
	 * @param clock the clock that dates minutes and days
	 */
	public LocalClientBudgets(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<ClientAdmission> acquire(String client, ClientLimits limits, long estimatedTokens) {
		return Mono.just(tryAcquire(client, limits, estimatedTokens));
	}

	/**
	 * Take a share at once, as {@link #acquire} does.
	 * @param client the client's name
	 * @param limits its limits
	 * @param estimatedTokens the tokens to take up front
	 * @return the admission
	 */
	public ClientAdmission tryAcquire(String client, ClientLimits limits, long estimatedTokens) {
		Instant now = this.clock.instant();
		if (!limits.limited()) {
			return ClientAdmission.taken(client, limits, now, estimatedTokens);
		}
		Windows windows = this.clients.computeIfAbsent(client, (name) -> new Windows());
		long minute = ClientAdmission.minute(now);
		long day = ClientAdmission.day(now);
		if (limits.rpm() > 0 && !windows.requests.tryTake(minute, 1, limits.rpm())) {
			return ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.RPM);
		}
		if (limits.tpm() > 0 && !windows.tokens.tryTake(minute, estimatedTokens, limits.tpm())) {
			giveBack(windows, limits, minute, 0);
			return ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.TPM);
		}
		if (limits.tokensPerDay() > 0 && !windows.day.tryTake(day, estimatedTokens, limits.tokensPerDay())) {
			giveBack(windows, limits, minute, estimatedTokens);
			return ClientAdmission.refused(client, limits, now, estimatedTokens, ClientLimit.TOKENS_PER_DAY);
		}
		return ClientAdmission.taken(client, limits, now, estimatedTokens);
	}

	@Override
	public void settle(ClientAdmission admission, long usedTokens) {
		Windows windows = this.clients.get(admission.client());
		long correction = usedTokens - admission.estimatedTokens();
		if (windows == null || correction == 0) {
			return;
		}
		Instant now = this.clock.instant();
		ClientLimits limits = admission.limits();
		if (limits.tpm() > 0 && admission.minute() == ClientAdmission.minute(now)) {
			windows.tokens.add(admission.minute(), correction);
		}
		if (limits.tokensPerDay() > 0 && admission.day() == ClientAdmission.day(now)) {
			windows.day.add(admission.day(), correction);
		}
	}

	/**
	 * Give back what a refused call took from the windows checked before the one that
	 * refused it.
	 */
	private static void giveBack(Windows windows, ClientLimits limits, long minute, long tokens) {
		if (limits.rpm() > 0) {
			windows.requests.add(minute, -1);
		}
		if (limits.tpm() > 0 && tokens > 0) {
			windows.tokens.add(minute, -tokens);
		}
	}

	/**
	 * The windows of one client. A {@link MinuteWindow} counts per period number: the
	 * daily one is given epoch days.
	 */
	private static final class Windows {

		private final MinuteWindow requests = new MinuteWindow();

		private final MinuteWindow tokens = new MinuteWindow();

		private final MinuteWindow day = new MinuteWindow();

	}

}
