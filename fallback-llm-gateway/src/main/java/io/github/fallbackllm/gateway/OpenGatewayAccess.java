package io.github.fallbackllm.gateway;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * {@link GatewayAccess#open()}.
 *
 * @author Fallback LLM contributors
 */
final class OpenGatewayAccess implements GatewayAccess {

	static final OpenGatewayAccess INSTANCE = new OpenGatewayAccess();

	private static final Mono<Admission> ADMITTED = Mono.just(Admission.NONE);

	private OpenGatewayAccess() {
	}

	@Override
	public @Nullable GatewayRejectedException authenticate(ServerWebExchange exchange) {
		return null;
	}

	@Override
	public Mono<Admission> admit(ServerWebExchange exchange, GatewayRequest request) {
		return ADMITTED;
	}

}
