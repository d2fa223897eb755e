package io.github.fallbackllm.provider.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventFramingTests {

	private static final StreamFraming SSE = StreamFraming.SERVER_SENT_EVENTS;

	@Test
	void everyCompleteEventReachesASubscriberWhoseDemandComesAfterTheError() {
		Flux<DataBuffer> body = Flux.just(buffer("data: one\n\ndata: two\n\n"), buffer("data: three\n\ndata: cut"))
			.concatWith(Flux.error(new IOException("Connection reset")));

		StepVerifier.create(SSE.events(body, 1024).map(ServerSentEvent::data), 0)
			.expectSubscription()
			.thenRequest(1)
			.expectNext("one")
			.thenRequest(10)
			.expectNext("two", "three")
			.expectErrorMessage("Connection reset")
			.verify();
	}

	@Test
	void eventsSplitAnywhereAcrossBuffersAreReadWhole() {
		String stream = "event: message_start\r\ndata: {\"a\":\r\ndata: \"é€\"}\r\n\r\n: ping\n\nid: 7\rdata:x\r\r";
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		for (int size = 1; size <= bytes.length; size++) {
			List<ServerSentEvent<String>> events = SSE.events(Flux.fromIterable(pieces(bytes, size)), 1024)
				.collectList()
				.block();
			assertThat(events).as("pieces of %d bytes", size).hasSize(2);
			assertThat(events.get(0).event()).isEqualTo("message_start");
			assertThat(events.get(0).data()).isEqualTo("{\"a\":\n\"é€\"}");
			assertThat(events.get(1).id()).isEqualTo("7");
			assertThat(events.get(1).data()).isEqualTo("x");
		}
	}

	@Test
	void anEventOpenAtTheEndOfTheBodyIsDelivered() {
		StepVerifier.create(SSE.events(Flux.just(buffer("data: a\n\ndata: [DONE]")), 1024).map(ServerSentEvent::data))
			.expectNext("a", "[DONE]")
			.verifyComplete();
	}

	@Test
	void anEventLargerThanTheLimitFailsTheStreamAfterTheEventsBeforeIt() {
		Flux<DataBuffer> body = Flux.just(buffer("data: ok\n\ndata: " + "x".repeat(100)), buffer("x\n\n"));

		StepVerifier.create(SSE.events(body, 64).map(ServerSentEvent::data))
			.expectNext("ok")
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ProviderException.class)
				.extracting((e) -> ((ProviderException) e).getOutcome())
				.isEqualTo(AttemptOutcome.INVALID_RESPONSE))
			.verify();
	}

	private static List<DataBuffer> pieces(byte[] bytes, int size) {
		return java.util.stream.IntStream.iterate(0, (from) -> from < bytes.length, (from) -> from + size)
			.mapToObj((from) -> DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size))))
			.map(DataBuffer.class::cast)
			.toList();
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
