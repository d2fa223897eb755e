package io.github.fallbackllm.gateway;

import io.github.fallbackllm.chat.TokenUsage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Who may use the gateway, and how much: asked for every request, the same way for every
 * dialect. {@link #authenticate} sees a request's headers before anything of its body is
 * read, for every path under {@code /v1/}; {@link #admit} sees a chat request once read,
 * before any provider is called, and {@link #authorize} any other request that reaches a
 * provider. A refusal is a {@link GatewayRejectedException}, which the gateway writes in
 * the dialect's envelope.
 *
 * @author Fallback LLM contributors
 */
public interface GatewayAccess {

	/**
	 * Return the access that asks for nothing and counts nothing.
	 * @return open access
	 */
	static GatewayAccess open() {
		return OpenGatewayAccess.INSTANCE;
	}

	/**
	 * Check a request's credentials from its headers; what the later steps need of the
	 * caller goes into the exchange's attributes.
	 * @param exchange the exchange, its body unread
	 * @return {@code null} when the request may go on, else the rejection to answer with
	 */
	@Nullable GatewayRejectedException authenticate(ServerWebExchange exchange);

	/**
	 * Check that an authenticated caller may use the route that serves a model, for an
	 * endpoint that calls a provider outside a chat call, such as token counting; nothing
	 * is counted against the caller's limits.
	 * @param exchange the exchange
	 * @param model the model the request names, {@code null} when it names none
	 * @return {@code null} when the caller may, else the rejection to answer with
	 */
	default @Nullable GatewayRejectedException authorize(ServerWebExchange exchange, @Nullable String model) {
		return null;
	}

	/**
	 * Admit an authenticated chat request before any provider is called.
	 * @param exchange the exchange
	 * @param request the request, read from its body
	 * @return the admission, or a {@link GatewayRejectedException} error
	 */
	Mono<Admission> admit(ServerWebExchange exchange, GatewayRequest request);

	/**
	 * An admitted call, told how it ended.
	 */
	@FunctionalInterface
	interface Admission {

		/** An admission that wants to know nothing. */
		Admission NONE = (usage) -> {
		};

		/**
		 * Report that the call ended, once: its answer was written, its stream ended or
		 * was cancelled, or it failed.
		 * @param usage the tokens the answer reported, {@code null} when it reported none
		 * or the call failed
		 */
		void completed(@Nullable TokenUsage usage);

	}

}
