package io.github.fallbackllm.provider.vertex;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Puts a Google access token on each request, and sends a request once more with a new
 * token when the server rejects the one it had with a 401, as a token revoked or expired
 * early is; a second 401 is the attempt's answer, a credentials failure.
 *
 * @author Fallback LLM contributors
 */
final class GoogleAuthorization implements ExchangeFilterFunction {

	private final GoogleAccessTokens tokens;

	GoogleAuthorization(GoogleAccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return this.tokens.token()
			.flatMap(
					(token) -> next.exchange(authorized(request, token))
						.flatMap((response) -> (response.statusCode().value() == HttpStatus.UNAUTHORIZED.value())
								? response.releaseBody()
									.then(this.tokens.remint(token))
									.flatMap((fresh) -> next.exchange(authorized(request, fresh)))
								: Mono.just(response)));
	}

	private static ClientRequest authorized(ClientRequest request, String token) {
		return ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token)).build();
	}

}
