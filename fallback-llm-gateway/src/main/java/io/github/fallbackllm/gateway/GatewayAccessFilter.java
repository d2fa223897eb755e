package io.github.fallbackllm.gateway;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Asks {@link GatewayAccess#authenticate} about every request under {@code /v1/} before
 * anything else happens to it, its body unread: the chat endpoints of every dialect, the
 * model list, a dialect's own further endpoints, and unknown paths alike. A refused
 * request is answered in the envelope of the dialect whose client sent it, so a wrong key
 * costs a hash of its header and nothing more.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayAccessFilter implements WebFilter, Ordered {

	/** Before Spring Security's filters and the application's own. */
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

	private final GatewayAccess access;

	private final List<GatewayDialect<?>> dialects;

	/**
	 * Create the filter.
	 * @param access who may use the gateway
	 * @param dialects the dialects served, in order, to answer in the client's envelope
	 */
	public GatewayAccessFilter(GatewayAccess access, List<? extends GatewayDialect<?>> dialects) {
		this.access = access;
		this.dialects = List.copyOf(dialects);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith(GatewayEndpoints.PREFIX) || this.dialects.isEmpty()) {
			return chain.filter(exchange);
		}
		GatewayRejectedException rejected = this.access.authenticate(exchange);
		if (rejected == null) {
			return chain.filter(exchange);
		}
		return GatewayErrors.write(GatewayEndpoints.dialectFor(this.dialects, exchange.getRequest()), rejected,
				exchange.getResponse());
	}

}
