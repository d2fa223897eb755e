package io.github.fallbackllm.provider.vertex;

import io.github.fallbackllm.provider.transport.RequestSigner;
import io.github.fallbackllm.provider.transport.SignableRequest;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

/**
 * Authorizes each request with a Google access token, and renews the token once when a
 * request is answered 401, as a token revoked or expired early is; the request then goes
 * once more, and a second 401 is a credentials failure.
 *
 * @author Fallback LLM contributors
 */
final class GoogleTokenSigner implements RequestSigner {

	private final GoogleAccessTokens tokens;

	GoogleTokenSigner(GoogleAccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Mono<HttpHeaders> sign(SignableRequest request) {
		return this.tokens.token().map((token) -> {
			HttpHeaders headers = new HttpHeaders();
			headers.setBearerAuth(token);
			return headers;
		});
	}

	@Override
	public Mono<Boolean> renewAfterUnauthorized() {
		return this.tokens.renew().thenReturn(true);
	}

}
