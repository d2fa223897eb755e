package io.github.fallbackllm.gateway;

import java.util.List;
import java.time.Duration;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.netty.channel.ChannelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns what made a request fail into the error every dialect writes: a bad request is a
 * 400; a call that no provider could serve a 503 with every attempt and
 * {@code Retry-After} when the soonest cooling target's return is known; a body over the
 * limit a 413 that names the limit and the property that raises it; one that does not
 * arrive in time a 408; anything else a 500 that names no detail.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayErrors {

	private static final Log logger = LogFactory.getLog(GatewayErrors.class);

	private final long maxRequestBytes;

	private final Duration requestReadTimeout;

	/**
	 * Create the errors of a gateway.
	 * @param properties the gateway's settings, for the limits its messages name
	 */
	public GatewayErrors(GatewayProperties properties) {
		this.maxRequestBytes = properties.getMaxRequestSize().toBytes();
		this.requestReadTimeout = properties.getRequestReadTimeout();
	}

	/**
	 * Return the error that answers a failure, before anything of the answer was sent.
	 * @param failure the failure
	 * @return the error
	 */
	public GatewayError of(Throwable failure) {
		if (failure instanceof InvalidChatRequestException) {
			return new GatewayError(HttpStatus.BAD_REQUEST, failure.getMessage());
		}
		if (failure instanceof AllProvidersFailedException failed) {
			return new GatewayError(HttpStatus.SERVICE_UNAVAILABLE, failed.getMessage(), failed.getAttempts(),
					failed.getRetryAfter());
		}
		if (failure instanceof GatewayRoutes.UnknownModelException) {
			return new GatewayError(HttpStatus.NOT_FOUND, failure.getMessage(), List.of(), null, "model_not_found");
		}
		if (failure instanceof DataBufferLimitException) {
			return tooLarge();
		}
		// Reactor Netty fails the body's read with a ChannelException (its own
		// RequestTimeoutException is not public) when the body did not arrive in time.
		if (failure instanceof ChannelException) {
			return new GatewayError(HttpStatus.REQUEST_TIMEOUT, "The request body did not arrive within "
					+ this.requestReadTimeout + " (" + GatewayProperties.PREFIX + ".request-read-timeout)");
		}
		if (failure instanceof ResponseStatusException status) {
			String detail = status.getBody().getDetail();
			return new GatewayError(status.getStatusCode(), (detail != null) ? detail : status.getMessage());
		}
		logger.error("Request failed", failure);
		return new GatewayError(HttpStatus.INTERNAL_SERVER_ERROR,
				"The gateway failed (" + failure.getClass().getSimpleName() + "); see its log");
	}

	private GatewayError tooLarge() {
		return new GatewayError(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than this gateway's limit of " + this.maxRequestBytes
						+ " bytes; send a smaller request, or raise the limit with the property "
						+ GatewayProperties.PREFIX + ".max-request-size");
	}

	/**
	 * Write a request the gateway refused, with the refusal's headers, in a dialect's
	 * envelope.
	 * @param dialect the dialect
	 * @param rejected the refusal
	 * @param response the response, not committed
	 * @return completion of the write
	 */
	public static Mono<Void> write(GatewayDialect<?> dialect, GatewayRejectedException rejected,
			ServerHttpResponse response) {
		response.getHeaders().addAll(rejected.getHeaders());
		return write(dialect, rejected.getError(), response);
	}

	/**
	 * Write an error response in a dialect's envelope.
	 * @param dialect the dialect
	 * @param error the error
	 * @param response the response, not committed
	 * @return completion of the write
	 */
	public static Mono<Void> write(GatewayDialect<?> dialect, GatewayError error, ServerHttpResponse response) {
		response.setStatusCode(error.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		Duration retryAfter = error.retryAfter();
		if (retryAfter != null) {
			// Whole seconds, rounded up: a client that waits this long finds a target
			// back.
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString((retryAfter.toMillis() + 999) / 1000));
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(dialect.error(error))));
	}

}
