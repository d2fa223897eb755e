package io.github.fallbackllm.gateway;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads a request body within the gateway's size limit, the same way for every endpoint:
 * a declared length over the limit fails before anything is read, a body that grows over
 * it fails as soon as it does ({@link DataBufferLimitException}, a 413 from
 * {@link GatewayErrors}).
 *
 * @author Fallback LLM contributors
 */
public final class GatewayRequestBodies {

	private static final byte[] NO_BODY = new byte[0];

	private static final int BODY_BATCH = 64;

	private GatewayRequestBodies() {
	}

	/**
	 * Read a request's body.
	 * @param request the request
	 * @param maxBytes the most bytes the body may have
	 * @return the body, empty when there was none
	 */
	public static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
		long length = request.getHeaders().getContentLength();
		if (length > maxBytes) {
			return Mono.error(new DataBufferLimitException("Content-Length " + length + " is over the limit"));
		}
		return DataBufferUtils.join(request.getBody().limitRate(BODY_BATCH), maxBytes)
			.map(GatewayRequestBodies::bytes)
			.defaultIfEmpty(NO_BODY);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
