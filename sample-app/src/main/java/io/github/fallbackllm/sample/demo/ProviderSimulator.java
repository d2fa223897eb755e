package io.github.fallbackllm.sample.demo;

import java.time.Duration;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.DisposableBean;

/**
 * Simulated providers on one loopback HTTP server with an ephemeral port: a rate-limited
 * OpenAI-compatible primary under {@code /openai/v1} and a healthy Anthropic secondary
 * under {@code /anthropic/v1}. The server has its own event loop, so it neither competes
 * with nor is shut down by the application's own server and clients.
 *
 * @author Fallback LLM contributors
 */
final class ProviderSimulator implements DisposableBean {

	/** The primary's budget: one request per window, the first one refused. */
	static final Duration RATE_LIMIT_WINDOW = Duration.ofSeconds(15);

	/** Pace of streamed words: fast enough to read along, slow enough to see. */
	static final Duration CHUNK_DELAY = Duration.ofMillis(40);

	private static final String OPENAI_PATH = "/openai/v1";

	private static final String ANTHROPIC_PATH = "/anthropic/v1";

	private static final String HOST = "127.0.0.1";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Lets the event loop close the connections it still holds before it stops; without
	 * one, an idle keep-alive connection can outlive the server, and a client that reuses
	 * it waits forever instead of being refused.
	 */
	private static final Duration QUIET_PERIOD = Duration.ofMillis(100);

	private final LoopResources loops;

	private final DisposableServer server;

	private ProviderSimulator(LoopResources loops, DisposableServer server) {
		this.loops = loops;
		this.server = server;
	}

	/**
	 * Start the simulator.
	 * @param rateLimitWindow the primary's window of one request
	 * @param chunkDelay the pause before each streamed event
	 * @return the running simulator
	 */
	static ProviderSimulator start(Duration rateLimitWindow, Duration chunkDelay) {
		SimulatedOpenAi primary = new SimulatedOpenAi(new RateLimit(rateLimitWindow, System::nanoTime), chunkDelay);
		SimulatedAnthropic secondary = new SimulatedAnthropic(chunkDelay);
		LoopResources loops = LoopResources.create("llm-simulator", 1, true);
		try {
			DisposableServer server = HttpServer.create().host(HOST).port(0).runOn(loops).route((routes) -> {
				primary.register(routes, OPENAI_PATH);
				secondary.register(routes, ANTHROPIC_PATH);
			}).bindNow(TIMEOUT);
			return new ProviderSimulator(loops, server);
		}
		catch (RuntimeException ex) {
			loops.dispose();
			throw ex;
		}
	}

	/**
	 * Return the base URL of the OpenAI-compatible primary.
	 * @return the URL, such as {@code http://127.0.0.1:43125/openai/v1}
	 */
	String openAiBaseUrl() {
		return url(OPENAI_PATH);
	}

	/**
	 * Return the base URL of the Anthropic secondary.
	 * @return the URL, such as {@code http://127.0.0.1:43125/anthropic/v1}
	 */
	String anthropicBaseUrl() {
		return url(ANTHROPIC_PATH);
	}

	private String url(String path) {
		return "http://" + HOST + ":" + this.server.port() + path;
	}

	@Override
	public void destroy() {
		this.server.disposeNow(TIMEOUT);
		this.loops.disposeLater(QUIET_PERIOD, TIMEOUT).block(TIMEOUT);
	}

}
