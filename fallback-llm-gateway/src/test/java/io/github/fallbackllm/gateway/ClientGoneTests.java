package io.github.fallbackllm.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import io.github.fallbackllm.gateway.messages.MessagesDialect;
import io.github.fallbackllm.gateway.responses.ResponsesDialect;
import io.github.fallbackllm.provider.LlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that go away mid-call and mid-stream, in every dialect, from a provider that
 * fails once its call is cancelled, as WebClient does when the cancellation comes as the
 * provider's response arrives ("The client response body has been released already due to
 * cancellation"): that failure reaches no one, and is no error of the gateway's.
 *
 * @author Fallback LLM contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientGoneTests {

	private static final int CLIENTS = 120;

	private static final String RELEASED = "The client response body has been released already due to cancellation.";

	private final AtomicInteger cancelled = new AtomicInteger();

	/** A permit for each call the provider has started. */
	private final Semaphore started = new Semaphore(0);

	private DisposableServer server;

	@BeforeEach
	void start() {
		FallbackChatService service = FallbackChatService.builder().provider(new FailsAfterCancel()).build();
		ImageUrls images = new ImageUrls(false);
		List<GatewayDialect<?>> dialects = List.of(new ChatCompletionsDialect(images),
				new ResponsesDialect(images, null), new MessagesDialect(images));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(GatewayEndpoints.of(dialects,
					new GatewayRoutes(service, GatewayProperties.UnknownModel.NOT_FOUND), new GatewayProperties()))))
			.bindNow();
	}

	@AfterEach
	void stop() {
		this.server.disposeNow();
	}

	@Test
	void clientsThatGoAwayMidCallOrMidStreamInEveryDialectLogNoError(CapturedOutput output) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(24);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				int client = i;
				done.add(clients.submit(() -> {
					callAndLeave(client);
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.cancelled).hasValue(CLIENTS));
		assertThat(output.getAll()).doesNotContain("onErrorDropped").doesNotContain(" ERROR ");
	}

	/**
	 * Send a request of one dialect, streamed or not, wait until the provider has it, and
	 * go away, closing cleanly or with a reset.
	 */
	private void callAndLeave(int client) throws IOException, InterruptedException {
		String path = switch (client % 3) {
			case 0 -> "/v1/chat/completions";
			case 1 -> "/v1/responses";
			default -> "/v1/messages";
		};
		String stream = ((client / 3) % 2 == 0) ? "true" : "false";
		String input = (client % 3 == 1) ? "\"input\": \"Hi\""
				: "\"max_tokens\": 50, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]";
		byte[] body = ("{\"model\": \"m\", \"stream\": " + stream + ", " + input + "}")
			.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			assertThat(this.started.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
			if (client % 2 == 0) {
				socket.setSoLinger(true, 0);
			}
		}
	}

	/**
	 * Answers nothing until its call is cancelled, and then fails, as WebClient's
	 * response body does when it is subscribed after the exchange was cancelled.
	 */
	private final class FailsAfterCancel implements LlmProvider {

		@Override
		public String name() {
			return "slow";
		}

		@Override
		public List<String> models() {
			return List.of("m");
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return Mono.fromDirect(failsAfterCancel());
		}

		@Override
		public Flux<ChatChunk> stream(String model, ChatRequest request) {
			return Flux.from(failsAfterCancel());
		}

		/**
		 * Signals an error to its subscriber once it is cancelled, as a publisher may
		 * that fails in its subscription, after the cancellation, as WebClient's response
		 * body does (Reactor's {@code Operators.error}).
		 */
		private <T> Publisher<T> failsAfterCancel() {
			return (subscriber) -> subscriber.onSubscribe(new Subscription() {

				private final AtomicBoolean requested = new AtomicBoolean();

				@Override
				public void request(long n) {
					if (this.requested.compareAndSet(false, true)) {
						ClientGoneTests.this.started.release();
					}
				}

				@Override
				public void cancel() {
					ClientGoneTests.this.cancelled.incrementAndGet();
					subscriber.onError(new IllegalStateException(RELEASED));
				}

			});
		}

	}

}
