package io.github.fallbackllm.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;

/**
 * The two servers of the gateway scenario, each in its own JVM in front of the stub
 * provider: the sample application's OpenAI-compatible gateway, run from its jar with one
 * OpenAI provider, and the {@code MinimalProxy} of {@code benchmarks/gateway-runner}.
 *
 * @author Fallback LLM contributors
 */
final class GatewayServers implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final List<ChildJvm> jvms = new ArrayList<>();

	private final String gatewayUrl;

	private final String proxyUrl;

	private GatewayServers(Path root, StubEndpoints stub, String behavior, List<String> jvmOptions, Path logs) {
		Path gatewayJar = gatewayJar(root);
		Path proxyJar = root.resolve("benchmarks/gateway-runner/target/runner.jar");
		if (!Files.isRegularFile(proxyJar)) {
			throw new IllegalStateException(proxyJar + " is missing; build with the command above");
		}
		int gatewayPort = freePort();
		int proxyPort = freePort();
		this.gatewayUrl = "http://127.0.0.1:" + gatewayPort + "/v1";
		this.proxyUrl = "http://127.0.0.1:" + proxyPort + "/v1";
		// No profile of the sample's: neither its simulated providers nor real ones.
		this.jvms.add(ChildJvm.start("gateway-sample", jvmOptions, List.of("-jar", gatewayJar.toString()),
				List.of("--server.port=" + gatewayPort, "--spring.profiles.active=benchmark",
						"--llm.fallback.providers[0].name=stub", "--llm.fallback.providers[0].type=openai",
						"--llm.fallback.providers[0].base-url=" + stub.baseUrl("gateway-sample", behavior),
						"--llm.fallback.providers[0].api-key=" + CannedChat.API_KEY,
						"--llm.fallback.providers[0].models[0]=" + CannedChat.MODEL),
				logs));
		this.jvms.add(ChildJvm.start("gateway-minimal-proxy", jvmOptions, List.of("-jar", proxyJar.toString()),
				List.of("--server.port=" + proxyPort, "--upstream=" + stub.baseUrl("gateway-proxy", behavior)), logs));
		awaitServing(this.jvms.get(0), this.gatewayUrl + "/models");
		awaitServing(this.jvms.get(1), this.proxyUrl + "/chat/completions");
	}

	/**
	 * Start both servers and wait until they answer HTTP.
	 * @param root the project's root directory
	 * @param stub the stub provider
	 * @param behavior what the stub does for them, such as {@code ok-lat20}
	 * @param jvmOptions options of both JVMs
	 * @param logs the directory for their logs
	 * @return the running servers
	 */
	static GatewayServers start(Path root, StubEndpoints stub, String behavior, List<String> jvmOptions, Path logs) {
		return new GatewayServers(root, stub, behavior, jvmOptions, logs);
	}

	String gatewayUrl() {
		return this.gatewayUrl;
	}

	long gatewayPid() {
		return this.jvms.get(0).pid();
	}

	String proxyUrl() {
		return this.proxyUrl;
	}

	long proxyPid() {
		return this.jvms.get(1).pid();
	}

	@Override
	public void close() {
		this.jvms.forEach(ChildJvm::stop);
	}

	private static Path gatewayJar(Path root) {
		try (Stream<Path> files = Files.list(root.resolve("sample-app/target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException(
					"The sample app's jar is missing from sample-app/target; build with " + "the command above", ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

	/** Any HTTP answer will do: the server is up. */
	private static void awaitServing(ChildJvm jvm, String url) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline && jvm.alive()) {
			try {
				try {
					http.send(request, HttpResponse.BodyHandlers.discarding());
					return;
				}
				catch (IOException ex) {
					Thread.sleep(200);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		throw new IllegalStateException(
				"Not serving " + url + " within " + START_TIMEOUT.toSeconds() + " s; see " + jvm.log());
	}

}
