package io.github.fallbackllm.provider.vertex;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.Retryable;
import com.google.auth.oauth2.GoogleCredentials;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The access tokens of Google credentials, for the {@code Authorization} header: the
 * current token while it has more than a margin left, a new one before it expires, and a
 * new one when a server rejected one. Minting calls the token endpoint with a blocking
 * client, so it runs on a bounded-elastic thread, one mint at a time; callers that waited
 * for a mint use its token rather than minting again.
 * <p>
 * The expiry is judged on this class's clock, not google-auth's, which tests cannot move;
 * {@link GoogleCredentials#refresh()} mints whatever the credentials' own view of the
 * token. No token value ever goes into a message or {@link #toString()}.
 *
 * @author Fallback LLM contributors
 */
final class GoogleAccessTokens {

	/** Minted this long before expiry, or at half the token's life if that is shorter. */
	static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

	/** How long a token is too new to be renewed after a rejection. */
	static final Duration RENEWAL_WINDOW = Duration.ofMinutes(1);

	/**
	 * Redacts key-shaped text from google-auth's messages; no secret of ours is in them.
	 */
	private static final SecretRedactor PATTERNS = SecretRedactor.of(List.of());

	private final GoogleCredentialsSource source;

	private final Clock clock;

	private volatile @Nullable Current current;

	private @Nullable GoogleCredentials credentials;

	/**
	 * Create an instance.
	 * @param source where the credentials come from, loaded on first use
	 * @param clock the clock that judges expiry
	 */
	GoogleAccessTokens(GoogleCredentialsSource source, Clock clock) {
		this.source = source;
		this.clock = clock;
	}

	/**
	 * Return a token with more than the margin left, minting one if needed.
	 * @return the token value; a {@link ProviderException} if none can be had
	 */
	Mono<String> token() {
		Current current = this.current;
		if (current != null && current.isFresh(this.clock.instant())) {
			return Mono.just(current.value());
		}
		return mint(false);
	}

	/**
	 * Mint a new token after a server rejected one, unless the current token was minted
	 * within the {@linkplain #RENEWAL_WINDOW renewal window}: then it was minted after
	 * the rejected request was signed, by another caller's renewal, or the credentials
	 * themselves are refused, which a new token does not change. A burst of requests
	 * rejected for one revoked token so costs one mint.
	 * @return completes once the current token is a new one; a {@link ProviderException}
	 * if none can be had
	 */
	Mono<Void> renew() {
		return mint(true).then();
	}

	private Mono<String> mint(boolean renewal) {
		return Mono.fromCallable(() -> mintBlocking(renewal)).subscribeOn(Schedulers.boundedElastic());
	}

	private synchronized String mintBlocking(boolean renewal) {
		Current current = this.current;
		Instant now = this.clock.instant();
		if (current != null && (renewal ? current.isRecent(now) : current.isFresh(now))) {
			// Minted by another caller while this one waited.
			return current.value();
		}
		GoogleCredentials credentials = credentials();
		AccessToken token;
		try {
			credentials.refresh();
			token = credentials.getAccessToken();
		}
		catch (IOException ex) {
			throw failure(ex);
		}
		if (token == null || token.getTokenValue() == null || token.getTokenValue().isEmpty()) {
			throw ProviderException.of(AttemptOutcome.AUTHENTICATION_FAILED, this.source + " gave no access token");
		}
		now = this.clock.instant();
		this.current = new Current(token.getTokenValue(), now, refreshAt(now, token.getExpirationTime()));
		return token.getTokenValue();
	}

	private GoogleCredentials credentials() {
		if (this.credentials == null) {
			try {
				this.credentials = this.source.load();
			}
			catch (IOException ex) {
				throw ProviderException.of(AttemptOutcome.AUTHENTICATION_FAILED,
						"no Google credentials: " + describe(ex));
			}
		}
		return Objects.requireNonNull(this.credentials);
	}

	static Instant refreshAt(Instant now, @Nullable Date expiry) {
		if (expiry == null) {
			// Tokens that name no expiry are kept until a server rejects one.
			return Instant.MAX;
		}
		Instant expires = expiry.toInstant();
		Duration halfLife = Duration.between(now, expires).dividedBy(2);
		Duration margin = halfLife.isNegative() ? Duration.ZERO
				: (halfLife.compareTo(REFRESH_MARGIN) < 0) ? halfLife : REFRESH_MARGIN;
		return expires.minus(margin);
	}

	/**
	 * Classify a failed mint: the token endpoint's refusal is a credentials failure, a
	 * failure to reach it a network error that the next target may not share.
	 */
	private ProviderException failure(IOException ex) {
		HttpResponseException response = responseOf(ex);
		if (response != null) {
			AttemptOutcome outcome = (response.getStatusCode() >= 500) ? AttemptOutcome.SERVER_ERROR
					: AttemptOutcome.AUTHENTICATION_FAILED;
			return new ProviderException(outcome, null, null, "token endpoint of " + this.source + " answered HTTP "
					+ response.getStatusCode() + tokenError(response.getContent()), null, null);
		}
		boolean retryable = !(ex instanceof Retryable auth) || auth.isRetryable();
		return new ProviderException(retryable ? AttemptOutcome.NETWORK_ERROR : AttemptOutcome.AUTHENTICATION_FAILED,
				null, null, "could not mint an access token from " + this.source + ": " + describe(ex), null, null);
	}

	private static @Nullable HttpResponseException responseOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpResponseException response) {
				return response;
			}
		}
		return null;
	}

	/**
	 * Read the OAuth error of a token endpoint's answer ({@code error},
	 * {@code error_description}); the rest of the body is left out.
	 */
	private static String tokenError(@Nullable String content) {
		JsonNode body = (content != null) ? ProviderErrors.parse(content) : null;
		if (body == null || !body.path("error").isString()) {
			return "";
		}
		String description = body.path("error_description").asString("");
		return ": "
				+ describeText(body.path("error").asString() + (description.isEmpty() ? "" : " (" + description + ")"));
	}

	/**
	 * Describe a google-auth failure by its message alone: the causes may carry request
	 * details, such as the signed assertion, that the message leaves out.
	 */
	private static String describe(IOException ex) {
		String message = ex.getMessage();
		return describeText((message != null) ? message : ex.getClass().getSimpleName());
	}

	private static String describeText(String text) {
		return ProviderErrors.summarize(PATTERNS.redact(text));
	}

	@Override
	public String toString() {
		return "GoogleAccessTokens[" + this.source + "]";
	}

	private record Current(String value, Instant mintedAt, Instant refreshAt) {

		boolean isFresh(Instant now) {
			return now.isBefore(this.refreshAt);
		}

		boolean isRecent(Instant now) {
			return isFresh(now) && now.isBefore(this.mintedAt.plus(RENEWAL_WINDOW));
		}

		@Override
		public String toString() {
			return "Current[mintedAt=" + this.mintedAt + ", refreshAt=" + this.refreshAt + "]";
		}

	}

}
