package io.github.fallbackllm.benchmarks.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The side-by-side scenarios, run the same way for every client in its own JVM: the
 * success path at saturation (throughput and process CPU per call), then one probe per
 * provider failure (time until the call ends and how many requests reached the provider).
 * <p>
 * Arguments: {@code --stub} (root URL of the stub), {@code --phase=success|failures},
 * {@code --run} (a key prefix unique to this JVM), {@code --secondary} (give the client a
 * healthy second provider, for clients that can use one), and the timings
 * {@code --concurrency}, {@code --warmup}, {@code --rounds}, {@code --window},
 * {@code --cap} (longest wait for one probe, in seconds). With {@code --paced}, each
 * success round waits for a line on standard input, so that the harness can interleave
 * the rounds of all clients and spread drift in machine load over all of them.
 *
 * @author Fallback LLM contributors
 */
public final class SideBySide {

	/** Provider failures probed, as stub behaviours. */
	public static final List<String> FAILURES = List.of("ratelimit", "servererror", "quota", "hang");

	/** Probes that end sooner than this are repeated, for a median. */
	private static final Duration REPEAT_BELOW = Duration.ofSeconds(2);

	private static final int MAX_SAMPLES = 5;

	private final String client;

	private final ClientFactory factory;

	private final Arguments arguments;

	private final StubEndpoints stub;

	private final String run;

	private final boolean secondary;

	private SideBySide(String client, ClientFactory factory, Arguments arguments) {
		this.client = client;
		this.factory = factory;
		this.arguments = arguments;
		this.stub = new StubEndpoints(arguments.get("stub"));
		this.run = arguments.get("run");
		this.secondary = arguments.getBoolean("secondary");
	}

	/**
	 * Run the phase named by the arguments, print its results and exit.
	 * @param args the command-line arguments
	 * @param client the name of the client in reports
	 * @param factory creates the client
	 */
	public static void main(String[] args, String client, ClientFactory factory) {
		Arguments arguments = new Arguments(args);
		SideBySide sideBySide = new SideBySide(client, factory, arguments);
		int status = 0;
		try {
			switch (arguments.get("phase")) {
				case "success" -> sideBySide.success();
				case "failures" -> sideBySide.failures();
				default -> throw new IllegalArgumentException("Unknown phase " + arguments.get("phase"));
			}
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			status = 1;
		}
		// Hanging probes leave threads blocked inside the client; they must not keep the
		// JVM.
		System.exit(status);
	}

	private Client create(String key, String behavior) {
		return this.factory.create(this.stub.baseUrl(key, behavior),
				this.secondary ? this.stub.baseUrl(key + "-secondary", "ok") : null);
	}

	private void success() throws Exception {
		Client chat = create(this.run + "-ok", "ok");
		String text = chat.chat();
		if (text == null || text.isBlank()) {
			throw new IllegalStateException(this.client + " returned no text from the stub");
		}
		int concurrency = this.arguments.getInt("concurrency", 64);
		int rounds = this.arguments.getInt("rounds", 3);
		Duration window = this.arguments.getSeconds("window", Duration.ofSeconds(3));
		BufferedReader pace = null;
		if (this.arguments.getBoolean("paced")) {
			pace = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			Results.emit("side-by-side-ready", labels());
		}
		for (int round = 1; round <= rounds; round++) {
			if (pace != null && pace.readLine() == null) {
				return;
			}
			Duration warmup = (round == 1) ? this.arguments.getSeconds("warmup", Duration.ofSeconds(3))
					: Duration.ofSeconds(1);
			LoadResult result = BlockingLoad.run(chat::chat, concurrency, warmup, window);
			Map<String, Object> fields = labels();
			fields.put("round", round);
			fields.put("concurrency", concurrency);
			fields.putAll(result.fields());
			Results.emit("side-by-side-success", fields);
		}
	}

	private void failures() throws Exception {
		// Warm the client on the success path first, so that probes time the failure, not
		// class loading.
		Client warm = create(this.run + "-warm", "ok");
		BlockingLoad.run(warm::chat, 4, this.arguments.getSeconds("warmup", Duration.ofSeconds(3)),
				Duration.ofMillis(1));
		Duration cap = this.arguments.getSeconds("cap", Duration.ofSeconds(130));
		List<Thread> probes = new ArrayList<>();
		for (String behavior : FAILURES) {
			Thread probe = new Thread(() -> probe(behavior, cap), "probe-" + behavior);
			probe.setDaemon(true);
			probe.start();
			probes.add(probe);
		}
		for (Thread probe : probes) {
			probe.join(cap.multipliedBy(MAX_SAMPLES).plusSeconds(30).toMillis());
		}
	}

	private void probe(String behavior, Duration cap) {
		for (int sample = 1; sample <= MAX_SAMPLES; sample++) {
			String key = this.run + "-" + behavior + "-" + sample;
			Map<String, Object> fields = labels();
			fields.put("behavior", behavior);
			fields.put("sample", sample);
			Outcome first;
			try {
				Client chat = create(key, behavior);
				first = Outcome.of(chat, cap);
				fields.putAll(first.fields(""));
				fields.put("hits", this.stub.hits(key));
				if (first.elapsed().compareTo(Duration.ofSeconds(10)) < 0) {
					// A second call shows whether the client learnt anything from the
					// first.
					Outcome second = Outcome.of(chat, cap);
					fields.putAll(second.fields("second"));
					fields.put("hitsAfterSecond", this.stub.hits(key));
				}
				if (this.secondary) {
					fields.put("secondaryHits", this.stub.hits(key + "-secondary"));
				}
			}
			catch (RuntimeException ex) {
				fields.put("outcome", "harness-error");
				fields.put("error", Failures.describe(ex));
				Results.emit("side-by-side-failure", fields);
				return;
			}
			Results.emit("side-by-side-failure", fields);
			if (first.elapsed().compareTo(REPEAT_BELOW) >= 0) {
				return;
			}
		}
	}

	private Map<String, Object> labels() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("client", this.client);
		fields.put("secondary", this.secondary);
		return fields;
	}

	/**
	 * One chat client under test, configured with its library's defaults.
	 */
	@FunctionalInterface
	public interface Client {

		/**
		 * Send {@link CannedChat}'s conversation and wait for the answer.
		 * @return the answer's text
		 * @throws Exception whatever the client throws
		 */
		String chat() throws Exception;

	}

	/**
	 * Creates a client for a stub endpoint.
	 */
	@FunctionalInterface
	public interface ClientFactory {

		/**
		 * Create a client.
		 * @param baseUrl the OpenAI-compatible base URL, ending in {@code /v1}
		 * @param secondaryBaseUrl a healthy second provider for clients that can fall
		 * back to one, or {@code null}
		 * @return the client
		 */
		Client create(String baseUrl, @Nullable String secondaryBaseUrl);

	}

	/**
	 * How one call ended.
	 */
	private record Outcome(String kind, Duration elapsed, @Nullable String error) {

		static Outcome of(Client chat, Duration cap) {
			long start = System.nanoTime();
			CompletableFuture<String> call = new CompletableFuture<>();
			Thread caller = new Thread(() -> {
				try {
					call.complete(chat.chat());
				}
				catch (Throwable ex) {
					call.completeExceptionally(ex);
				}
			}, "probe-call");
			caller.setDaemon(true);
			caller.start();
			try {
				call.get(cap.toMillis(), TimeUnit.MILLISECONDS);
				return new Outcome("answered", since(start), null);
			}
			catch (ExecutionException ex) {
				return new Outcome("failed", since(start), Failures.describe(ex.getCause()));
			}
			catch (TimeoutException ex) {
				return new Outcome("no-answer", since(start), null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}

		private static Duration since(long start) {
			return Duration.ofNanos(System.nanoTime() - start);
		}

		Map<String, Object> fields(String prefix) {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put(name(prefix, "outcome"), this.kind);
			fields.put(name(prefix, "seconds"), this.elapsed.toNanos() / 1e9);
			if (this.error != null) {
				fields.put(name(prefix, "error"), this.error);
			}
			return fields;
		}

		private static String name(String prefix, String name) {
			return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
		}

	}

}
