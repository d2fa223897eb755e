package io.github.fallbackllm.gateway;

import org.springframework.http.HttpHeaders;

/**
 * A request the gateway refuses before any provider is called, such as one without a
 * valid key: the error to write in the dialect's envelope, and the headers to send with
 * it. It has no stack trace: it is an answer, not a failure of the gateway.
 *
 * @author Fallback LLM contributors
 */
public class GatewayRejectedException extends RuntimeException {

	private final GatewayError error;

	private final HttpHeaders headers;

	/**
	 * Create the rejection.
	 * @param error the error to answer with; its message is shown to the client
	 * @param headers headers to send with it, such as {@code WWW-Authenticate}
	 */
	public GatewayRejectedException(GatewayError error, HttpHeaders headers) {
		super(error.message(), null, false, false);
		this.error = error;
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
	}

	/**
	 * Return the error to answer with.
	 * @return the error
	 */
	public GatewayError getError() {
		return this.error;
	}

	/**
	 * Return the headers to send with the error.
	 * @return the headers, read-only
	 */
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
