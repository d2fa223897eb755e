package io.github.fallbackllm.provider.bedrock;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamFramingTests {

	private final EventStreamFraming framing = new EventStreamFraming();

	@Test
	void framesSplitAnywhereAreReadWhole() {
		byte[] bytes = BedrockFrames.stream().start().text("Hé").exception("throttlingException", "Too many").bytes();
		for (int size = 1; size <= bytes.length; size += 7) {
			List<ServerSentEvent<String>> events = this.framing.events(Flux.fromIterable(pieces(bytes, size)), 4096)
				.collectList()
				.block();
			assertThat(events).extracting(ServerSentEvent::event)
				.containsExactly("messageStart", "contentBlockDelta", "error");
			assertThat(events.get(1).data()).contains("\"text\":\"Hé\"");
			assertThat(events.get(2).data())
				.isEqualTo("{\"error\":{\"message\":\"Too many\",\"type\":\"throttlingException\"}}");
		}
	}

	@Test
	void everyCompleteFrameReachesASubscriberWhoseDemandComesAfterTheError() {
		byte[] bytes = BedrockFrames.stream().text("one").text("two").bytes();
		Flux<DataBuffer> body = Flux.fromIterable(pieces(bytes, bytes.length - 3))
			.concatWith(Flux.error(new IOException("Connection reset")));

		StepVerifier.create(this.framing.events(body, 4096), 0)
			.expectSubscription()
			.thenRequest(5)
			.assertNext((event) -> assertThat(event.data()).contains("one"))
			.assertNext((event) -> assertThat(event.data()).contains("two"))
			.expectErrorMessage("Connection reset")
			.verify();
	}

	@Test
	void aCorruptFrameFailsTheStreamAsAnUnusableResponse() {
		byte[] bytes = BedrockFrames.stream().text("one").bytes();
		bytes[bytes.length - 1] ^= 1;

		StepVerifier.create(this.framing.events(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)), 4096))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("broken event-stream frame"))
			.verify();
	}

	static List<DataBuffer> pieces(byte[] bytes, int size) {
		return IntStream.iterate(0, (from) -> from < bytes.length, (from) -> from + size)
			.mapToObj((from) -> (DataBuffer) DefaultDataBufferFactory.sharedInstance
				.wrap(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size))))
			.toList();
	}

}
