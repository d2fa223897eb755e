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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.redis.testsupport.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * The servers of the gateway scenario, each in its own JVM in front of the stub provider:
 * the {@code MinimalProxy} of {@code benchmarks/gateway-runner}, and the gateway server's
 * jar ({@code fallback-llm-gateway-server}) with one OpenAI provider and its defaults,
 * three times: without keys (on loopback, as its exposure check requires), with one key
 * whose limits are counted in memory, and with the same key counted on a local
 * {@code redis-server} through the Redis state store, when one is installed.
 *
 * @author Fallback LLM contributors
 */
final class GatewayServers implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Pattern SCRIPT_CALLS = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)");

	private final List<ChildJvm> jvms = new ArrayList<>();

	private final Map<String, Server> servers = new LinkedHashMap<>();

	private final @Nullable RedisServerProcess redis;

	private final List<String> problems = new ArrayList<>();

	private GatewayServers(Path root, StubEndpoints stub, String behavior, List<String> jvmOptions, Path logs) {
		Path gatewayJar = gatewayJar(root);
		Path proxyJar = root.resolve("benchmarks/gateway-runner/target/runner.jar");
		if (!Files.isRegularFile(proxyJar)) {
			throw new IllegalStateException(proxyJar + " is missing; build with " + Benchmarks.BUILD);
		}
		int proxyPort = freePort();
		start("proxy", proxyPort, jvmOptions, List.of("-jar", proxyJar.toString()),
				List.of("--server.port=" + proxyPort, "--upstream=" + stub.baseUrl("gateway-proxy", behavior)), logs,
				"/chat/completions");
		List<String> launch = List.of("-jar", gatewayJar.toString());
		start("gateway", gatewayArguments(stub, behavior, "gateway", List.of("--server.address=127.0.0.1")), jvmOptions,
				launch, logs);
		start("gateway-keys", gatewayArguments(stub, behavior, "gateway-keys", keys()), jvmOptions, launch, logs);
		this.redis = RedisServerProcess.startIfInstalled();
		if (this.redis != null) {
			List<String> redisKeys = new ArrayList<>(keys());
			redisKeys.addAll(List.of("--llm.fallback.state.store=redis", "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + this.redis.port()));
			start("gateway-keys-redis", gatewayArguments(stub, behavior, "gateway-keys-redis", redisKeys), jvmOptions,
					launch, logs);
		}
		else {
			this.problems.add("gateway with keys on Redis left out: redis-server is not installed");
		}
		this.servers.forEach((name, server) -> awaitServing(server));
	}

	/**
	 * Start the servers and wait until they answer HTTP.
	 * @param root the project's root directory
	 * @param stub the stub provider
	 * @param behavior what the stub does for them, such as {@code ok-lat20}
	 * @param jvmOptions options of every server's JVM
	 * @param logs the directory for their logs
	 * @return the running servers
	 */
	static GatewayServers start(Path root, StubEndpoints stub, String behavior, List<String> jvmOptions, Path logs) {
		return new GatewayServers(root, stub, behavior, jvmOptions, logs);
	}

	/**
	 * Return the arguments that tell the scenario where each target is served: its base
	 * URL and the server's process id, for every target of
	 * {@link GatewayScenario#TARGETS} whose server runs. The gateway's dialects share its
	 * server.
	 * @return the arguments
	 */
	List<String> scenarioArguments() {
		List<String> arguments = new ArrayList<>();
		for (GatewayScenario.Target target : GatewayScenario.TARGETS) {
			Server server = this.servers.get(target.server());
			if (server != null) {
				arguments.add("--" + target.name() + "=" + server.url());
				arguments.add("--" + target.name() + "-pid=" + server.jvm().pid());
			}
		}
		return arguments;
	}

	/**
	 * Return how many scripts the gateway with keys on Redis ran there: one admission and
	 * one settlement per request while Redis answers it, none while it counts locally.
	 * @return the script calls, or {@code -1} without Redis
	 */
	long redisScriptCalls() {
		if (this.redis == null) {
			return -1;
		}
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			long calls = 0;
			Matcher matcher = SCRIPT_CALLS.matcher(connection.sync().info("commandstats"));
			while (matcher.find()) {
				calls += Long.parseLong(matcher.group(1));
			}
			return calls;
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Return what could not be started.
	 * @return the problems, one sentence each
	 */
	List<String> problems() {
		return this.problems;
	}

	@Override
	public void close() {
		this.jvms.forEach(ChildJvm::stop);
		if (this.redis != null) {
			try {
				this.redis.close();
			}
			catch (IOException ex) {
				this.problems.add("redis-server did not stop: " + ex.getMessage());
			}
		}
	}

	private void start(String name, List<String> arguments, List<String> jvmOptions, List<String> launch, Path logs) {
		int port = freePort();
		List<String> all = new ArrayList<>(List.of("--server.port=" + port));
		all.addAll(arguments);
		start(name, port, jvmOptions, launch, all, logs, "/models");
	}

	private void start(String name, int port, List<String> jvmOptions, List<String> launch, List<String> arguments,
			Path logs, String probe) {
		ChildJvm jvm = ChildJvm.start("server-" + name, jvmOptions, launch, arguments, logs);
		this.jvms.add(jvm);
		this.servers.put(name, new Server("http://127.0.0.1:" + port + "/v1", jvm, probe));
	}

	/** One OpenAI provider on the stub; the rest is the gateway server's defaults. */
	private static List<String> gatewayArguments(StubEndpoints stub, String behavior, String key, List<String> more) {
		List<String> arguments = new ArrayList<>(
				List.of("--llm.fallback.providers[0].name=stub", "--llm.fallback.providers[0].type=openai",
						"--llm.fallback.providers[0].base-url=" + stub.baseUrl(key, behavior),
						"--llm.fallback.providers[0].api-key=" + CannedChat.API_KEY,
						"--llm.fallback.providers[0].models[0]=" + CannedChat.MODEL));
		arguments.addAll(more);
		return arguments;
	}

	/**
	 * One key with request and token limits that the load never reaches, so that every
	 * request is counted in both windows and admitted.
	 */
	private static List<String> keys() {
		return List.of("--llm.fallback.gateway.keys[0].name=bench",
				"--llm.fallback.gateway.keys[0].key=" + GatewayScenario.GATEWAY_KEY,
				"--llm.fallback.gateway.keys[0].rpm=" + ClientLimits.MAX,
				"--llm.fallback.gateway.keys[0].tpm=" + ClientLimits.MAX);
	}

	private static Path gatewayJar(Path root) {
		try (Stream<Path> files = Files.list(root.resolve("fallback-llm-gateway-server/target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("fallback-llm-gateway-server-.*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException(
					"The gateway server's jar is missing from fallback-llm-gateway-server/target; " + "build with "
							+ Benchmarks.BUILD,
					ex);
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
	private static void awaitServing(Server server) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + server.probe()))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline && server.jvm().alive()) {
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
		throw new IllegalStateException("Not serving " + server.url() + " within " + START_TIMEOUT.toSeconds()
				+ " s; see " + server.jvm().log());
	}

	private record Server(String url, ChildJvm jvm, String probe) {
	}

}
