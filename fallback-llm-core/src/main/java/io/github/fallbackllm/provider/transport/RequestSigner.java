package io.github.fallbackllm.provider.transport;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

/**
 * Authorizes each request from what will be sent: AWS Signature V4 over the final URI and
 * body bytes, or a bearer token from credentials that expire. Signing is asynchronous, as
 * credentials may have to be fetched or refreshed first; it runs once per request,
 * retries included, so a signature never outlives its clock skew window.
 *
 * @author Fallback LLM contributors
 * @see io.github.fallbackllm.provider.WebClientLlmProvider#requestSigner()
 */
@FunctionalInterface
public interface RequestSigner {

	/** Adds nothing: the provider's static headers authorize its requests. */
	RequestSigner NONE = (request) -> Mono.empty();

	/**
	 * Return the headers that authorize a request.
	 * @param request the request as it will be sent
	 * @return the headers to set, replacing any of the same name; empty for none. Fails
	 * with a {@link io.github.fallbackllm.provider.ProviderException} when no credentials
	 * can be had
	 */
	Mono<HttpHeaders> sign(SignableRequest request);

	/**
	 * Obtain fresh credentials after a request was answered {@code 401}: an access token
	 * revoked or expired before its announced expiry. Called at most once per attempt;
	 * when it emits {@code true}, the request is signed and sent once more before the
	 * {@code 401} would count as a credentials failure.
	 * @return whether new credentials were obtained; {@code false} by default
	 */
	default Mono<Boolean> renewAfterUnauthorized() {
		return Mono.just(false);
	}

}
