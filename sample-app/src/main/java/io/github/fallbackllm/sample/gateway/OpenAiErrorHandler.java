package io.github.fallbackllm.sample.gateway;

import java.time.Duration;
import java.util.List;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.sample.SampleApplication;
import io.github.fallbackllm.sample.chat.AttemptView;
import io.netty.channel.ChannelException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Answers the failures of the sample's endpoints in OpenAI's error envelope,
 * {@code {"error": {"message", "type", "param", "code"}}}, which OpenAI clients turn into
 * their own exception types: a bad request is a 400 {@code invalid_request_error}; a call
 * that no provider could serve is a 503 {@code all_providers_failed} whose message lists
 * every attempt, with the attempts as data and {@code Retry-After} when the soonest
 * cooling target's return is known; a body over the limit is a 413 that names the limit
 * and the property that raises it, and one that does not arrive in time a 408.
 *
 * @author Fallback LLM contributors
 */
@RestControllerAdvice(basePackageClasses = SampleApplication.class)
class OpenAiErrorHandler {

	/** The Spring Boot property that sets how large a request body may be. */
	static final String MAX_BODY_PROPERTY = "spring.http.codecs.max-in-memory-size";

	private static final Log logger = LogFactory.getLog(OpenAiErrorHandler.class);

	private final int maxBodyBytes;

	private final Duration requestReadTimeout;

	OpenAiErrorHandler(ServerCodecConfigurer codecs, GatewayProperties properties) {
		this.maxBodyBytes = maxBodyBytes(codecs);
		this.requestReadTimeout = properties.requestReadTimeout();
	}

	@ExceptionHandler
	ResponseEntity<String> invalidRequest(InvalidChatRequestException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage(), "invalid_request_error");
	}

	@ExceptionHandler
	ResponseEntity<String> unreadableRequest(ServerWebInputException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = (cause instanceof JacksonException json)
				? "The request body is not valid JSON: " + json.getOriginalMessage() : detail(ex);
		return error(ex.getStatusCode(), message, "invalid_request_error");
	}

	@ExceptionHandler
	ResponseEntity<String> allProvidersFailed(AllProvidersFailedException ex) {
		HttpHeaders headers = new HttpHeaders();
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null) {
			// Whole seconds, rounded up: a client that waits this long finds a target
			// back.
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString((retryAfter.toMillis() + 999) / 1000));
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(OpenAiJson.error(ex.getMessage(), "all_providers_failed", AttemptView.of(ex.getAttempts())));
	}

	@ExceptionHandler
	ResponseEntity<String> tooLarge(ContentTooLargeException ex) {
		return error(ex.getStatusCode(),
				"The request body is larger than this gateway's limit of " + this.maxBodyBytes
						+ " bytes; send a smaller request, or raise the limit with the property " + MAX_BODY_PROPERTY,
				"invalid_request_error");
	}

	/**
	 * Reactor Netty fails the body's read with a {@link ChannelException} (its own
	 * {@code RequestTimeoutException} is not public) when the body did not arrive in
	 * time.
	 */
	@ExceptionHandler
	ResponseEntity<String> bodyTooSlow(ChannelException ex) {
		return error(HttpStatus.REQUEST_TIMEOUT,
				"The request body did not arrive within " + this.requestReadTimeout + " (gateway.request-read-timeout)",
				"invalid_request_error");
	}

	@ExceptionHandler
	ResponseEntity<String> otherStatus(ResponseStatusException ex) {
		return error(ex.getStatusCode(), detail(ex),
				ex.getStatusCode().is4xxClientError() ? "invalid_request_error" : "server_error");
	}

	@ExceptionHandler
	ResponseEntity<String> unexpected(Exception ex) {
		logger.error("Request failed", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR,
				"The gateway failed (" + ex.getClass().getSimpleName() + "); see its log", "server_error");
	}

	/** The limit of the decoder that reads the request body as bytes. */
	private static int maxBodyBytes(ServerCodecConfigurer codecs) {
		return codecs.getReaders()
			.stream()
			.filter(DecoderHttpMessageReader.class::isInstance)
			.map((reader) -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
			.filter(ByteArrayDecoder.class::isInstance)
			.mapToInt((decoder) -> ((ByteArrayDecoder) decoder).getMaxInMemorySize())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No byte[] decoder among the server's codecs"));
	}

	/** Spring's problem detail, such as "Content-Type 'text/plain' is not supported." */
	private static String detail(ResponseStatusException ex) {
		String detail = ex.getBody().getDetail();
		return (detail != null) ? detail : ex.getMessage();
	}

	private static ResponseEntity<String> error(HttpStatusCode status, String message, String type) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(OpenAiJson.error(message, type, List.of()));
	}

}
