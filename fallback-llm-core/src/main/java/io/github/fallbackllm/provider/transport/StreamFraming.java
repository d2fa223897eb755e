package io.github.fallbackllm.provider.transport;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

/**
 * Cuts a streamed response body into events. Every framing presents its events as
 * {@link ServerSentEvent}s (a name and text data), so one stream decoder reads them
 * whatever the wire framing.
 * <p>
 * When the body breaks, every event that arrived complete reaches the subscriber before
 * the error, whenever its demand comes: the pipeline holds events only where an error
 * waits for them to drain, never in an operator that clears its queue on error.
 *
 * @author Fallback LLM contributors
 * @see io.github.fallbackllm.provider.WebClientLlmProvider#streamFraming()
 */
public interface StreamFraming {

	/** Server-sent events ({@code text/event-stream}), as OpenAI and Anthropic stream. */
	StreamFraming SERVER_SENT_EVENTS = new ServerSentEventFraming();

	/**
	 * Return the content type of a stream in this framing.
	 * @return the media type
	 */
	MediaType mediaType();

	/**
	 * Create a reader for one stream.
	 * @param maxEventBytes the largest event to hold; a larger one fails the stream
	 * @return the reader, used by one subscription only
	 */
	FrameReader reader(int maxEventBytes);

	/**
	 * Return the events of a streamed body.
	 * @param body the body, each buffer released once read
	 * @param maxEventBytes the largest event to hold
	 * @return the events, then the body's completion or error
	 */
	default Flux<ServerSentEvent<String>> events(Flux<DataBuffer> body, int maxEventBytes) {
		return Flux.defer(() -> {
			FrameReader reader = reader(maxEventBytes);
			return body.map((buffer) -> {
				try {
					return reader.read(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
				.concatWith(Mono.fromCallable(reader::finish))
				// Delays an upstream error until the events read before it are delivered;
				// concatMapIterable and flatMapIterable would drop them.
				.concatMapDelayError(Flux::fromIterable, 1);
		});
	}

	/**
	 * Reads the events of one stream from its body's buffers, keeping what is incomplete
	 * for the next buffer.
	 */
	interface FrameReader {

		/**
		 * Read the events completed by a buffer.
		 * @param buffer the next piece of the body; the caller releases it
		 * @return the events, possibly none
		 * @throws io.github.fallbackllm.provider.ProviderException if the body breaks the
		 * framing; the events completed before the fault are returned first, and the
		 * fault thrown by the next call
		 */
		List<ServerSentEvent<String>> read(DataBuffer buffer);

		/**
		 * Read what remains when the body has ended.
		 * @return the events completed by the end of the body, possibly none
		 * @throws io.github.fallbackllm.provider.ProviderException if the body broke the
		 * framing or ended inside a frame that cannot end there
		 */
		List<ServerSentEvent<String>> finish();

	}

}
