package io.github.fallbackllm.benchmarks.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Addresses on the stub provider. A base URL {@code {stub}/{key}/{behavior}/v1} names
 * what the stub does and a key under which it counts the requests it receives, so that
 * each probe can ask afterwards how many calls reached the provider.
 * <p>
 * Behaviours: {@code ok} (a completion, or a stream when the request asks for one),
 * {@code ratelimit} (429 with {@code retry-after: 30}), {@code servererror} (500),
 * {@code quota} (429 {@code insufficient_quota}) and {@code hang} (never answers);
 * options follow with dashes: {@code lat<ms>} delays the answer, {@code chunks<n>} and
 * {@code gap<ms>} shape a stream.
 *
 * @author Fallback LLM contributors
 */
public final class StubEndpoints {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String stub;

	/**
	 * Create addresses on a stub.
	 * @param stub the stub's root URL, such as {@code http://127.0.0.1:8080}
	 */
	public StubEndpoints(String stub) {
		this.stub = stub.endsWith("/") ? stub.substring(0, stub.length() - 1) : stub;
	}

	/**
	 * Return an OpenAI-compatible base URL.
	 * @param key the counter key
	 * @param behavior what the stub does
	 * @return the base URL, ending in {@code /v1}
	 */
	public String baseUrl(String key, String behavior) {
		return this.stub + "/" + key + "/" + behavior + "/v1";
	}

	/**
	 * Return how many chat requests the stub received under a key.
	 * @param key the counter key
	 * @return the count
	 */
	public long hits(String key) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stub + "/_hits/" + key))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return Long.parseLong(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().trim());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read hits of '" + key + "' from the stub", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
