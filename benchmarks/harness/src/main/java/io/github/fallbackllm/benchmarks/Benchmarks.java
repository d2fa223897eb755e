package io.github.fallbackllm.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.Results;
import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark against one in-process {@link StubProvider} and writes
 * {@code BENCHMARKS.md}. Measurements run in JVMs of their own ({@link ChildJvm}); this
 * JVM hosts the stub, sequences the scenarios and writes the report.
 * <p>
 * Options: {@code --quick} (a few seconds per scenario, written to
 * {@code benchmarks/harness/target/BENCHMARKS-quick.md}), {@code --output=FILE},
 * {@code --only=jmh,overhead,observations,fallback-time,cooldown,streaming,side-by-side,scale,startup,shared-state,gateway,hedging,embeddings},
 * {@code --clients=webclient,fallback,fallback-langchain4j,spring-ai,langchain4j,openai-java}
 * (side by side), {@code --profile} (every measuring JVM, the gateway scenario's servers
 * included, records a JFR profile into the logs), {@code --probes=false} (side by side:
 * the success path only, no failure probes).
 *
 * @author Fallback LLM contributors
 */
public final class Benchmarks {

	static final List<String> SCENARIOS = List.of("jmh", "overhead", "observations", "fallback-time", "cooldown",
			"streaming", "side-by-side", "scale", "startup", "shared-state", "gateway", "hedging", "embeddings");

	/** Builds the harness, every runner and the gateway server's jar. */
	static final String BUILD = "./mvnw -B -Pbenchmarks -DskipTests package";

	/**
	 * Heap of every measuring JVM but the scale one, so that results do not depend on
	 * RAM.
	 */
	static final String HEAP = "-Xmx1g";

	/** Heap of the scale scenario, as the issue sets it. */
	static final String SCALE_HEAP = "-Xmx256m";

	/** What the scale scenario passes to raise Reactor Netty's connection pool. */
	static final String RAISED_POOL = "-Dreactor.netty.pool.maxConnections=5000";

	/** How the stub answers the gateway scenario: after 20 ms, as the issue sets it. */
	static final String GATEWAY_PROVIDER = "ok-lat20";

	/**
	 * Connections of the gateway scenario's load: every target at the first, the Chat
	 * Completions targets at the others, as issue 26 sets them.
	 */
	static final List<Integer> GATEWAY_CONNECTIONS = List.of(64, 16, 128);

	/** Blocking threads of the side-by-side success path, as issue 26 sets it. */
	static final int SIDE_BY_SIDE_THREADS = 32;

	/** Clients of the side-by-side scenario. */
	static final List<String> CLIENTS = List.of("webclient", "fallback", "fallback-langchain4j", "spring-ai",
			"langchain4j", "openai-java");

	/** Other clients, each in its own module and JVM. */
	static final Map<String, String> RUNNERS = runners();

	private final Settings settings;

	private final Path root;

	private final Path harnessJar;

	private final Path logs;

	private final StubProvider stub;

	private final ResultSet results = new ResultSet();

	private final List<String> problems = new ArrayList<>();

	private final List<String> clients;

	private final boolean profile;

	private final boolean probes;

	private Benchmarks(Settings settings, Path root, Path harnessJar, Path logs, StubProvider stub,
			List<String> clients, boolean profile, boolean probes) {
		this.settings = settings;
		this.clients = clients;
		this.profile = profile;
		this.probes = probes;
		this.root = root;
		this.harnessJar = harnessJar;
		this.logs = logs;
		this.stub = stub;
	}

	public static void main(String[] args) throws Exception {
		Arguments arguments = new Arguments(args);
		Settings settings = arguments.getBoolean("quick") ? Settings.QUICK : Settings.FULL;
		Path harnessJar = harnessJar();
		Path root = harnessJar.getParent().getParent().getParent().getParent();
		Path output = Path.of(arguments.get("output",
				settings.quick() ? root.resolve("benchmarks/harness/target/BENCHMARKS-quick.md").toString()
						: root.resolve("BENCHMARKS.md").toString()));
		List<String> only = arguments.getList("only", String.join(",", SCENARIOS));
		for (String scenario : only) {
			if (!SCENARIOS.contains(scenario)) {
				throw new IllegalArgumentException("Unknown scenario '" + scenario + "'; known: " + SCENARIOS);
			}
		}
		Instant started = Instant.now();
		String loadAtStart = Machine.loadAverage();
		Path logs = root.resolve("benchmarks/harness/target/benchmark-logs/"
				+ DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started));
		System.out.printf("Benchmarks (%s mode), logs in %s%n", settings.name(), logs);
		try (StubProvider stub = StubProvider.start()) {
			Benchmarks benchmarks = new Benchmarks(settings, root, harnessJar, logs, stub,
					arguments.getList("clients", String.join(",", CLIENTS)), arguments.getBoolean("profile"),
					!arguments.get("probes", "true").equals("false"));
			for (String scenario : SCENARIOS) {
				if (only.contains(scenario)) {
					benchmarks.run(scenario);
				}
			}
			Duration took = Duration.between(started, Instant.now());
			String command = BUILD + " && java -jar benchmarks/harness/target/benchmarks.jar"
					+ ((args.length > 0) ? " " + String.join(" ", args) : "");
			Report report = new Report(benchmarks.results, settings, benchmarks.problems,
					new Machine(command, started, took, loadAtStart, Machine.loadAverage()));
			Files.writeString(output, report.markdown());
			System.out.printf("Wrote %s in %d min %d s%n", output, took.toMinutes(), took.toSecondsPart());
		}
		System.exit(0);
	}

	private void run(String scenario) {
		long start = System.nanoTime();
		System.out.printf("== %s%n", scenario);
		try {
			switch (scenario) {
				case "jmh" -> jmh();
				case "overhead" -> client("overhead", List.of(HEAP), "--concurrency=1,64,512",
						"--warmup=" + seconds(this.settings.warmup()), "--window=" + seconds(this.settings.window()),
						"--rounds=" + this.settings.rounds());
				case "observations" -> client("observations", List.of(HEAP), "--concurrency=1,64",
						"--warmup=" + seconds(this.settings.warmup()), "--window=" + seconds(this.settings.window()),
						"--rounds=" + this.settings.rounds());
				case "fallback-time" -> client("fallback-time", List.of(HEAP), "--rounds=" + this.settings.rounds(),
						"--samples=" + this.settings.fallbackSamples());
				case "cooldown" -> client("cooldown", List.of(HEAP), "--rounds=" + this.settings.rounds(),
						"--calls=" + this.settings.cooldownCalls(), "--concurrency=100");
				case "streaming" -> client("streaming", List.of(HEAP), "--warmup=" + seconds(this.settings.warmup()),
						"--window=" + seconds(this.settings.window()), "--rounds=" + this.settings.rounds());
				case "side-by-side" -> sideBySide();
				case "scale" -> scale();
				case "startup" -> startup();
				case "shared-state" -> client("shared-state", List.of(HEAP), "--rounds=" + this.settings.rounds(),
						"--warmup=" + seconds(this.settings.warmup()), "--window=" + seconds(this.settings.window()));
				case "gateway" -> gateway();
				// As many calls as the cooldown scenario makes per round: 10,000, or
				// 2,000 in quick mode.
				case "hedging" ->
					client("hedging", List.of(HEAP), "--calls=" + this.settings.cooldownCalls(), "--concurrency=100");
				case "embeddings" -> client("embeddings", List.of(HEAP), "--concurrency=64",
						"--warmup=" + seconds(this.settings.warmup()), "--window=" + seconds(this.settings.window()),
						"--rounds=" + this.settings.rounds());
				default -> throw new IllegalArgumentException(scenario);
			}
		}
		catch (RuntimeException ex) {
			this.problems.add(scenario + ": " + ex.getMessage());
			System.out.printf("  ! %s failed: %s%n", scenario, ex.getMessage());
		}
		System.out.printf("   %s took %d s%n", scenario, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
	}

	private void jmh() {
		OptionsBuilder options = new OptionsBuilder();
		options.include(RouterOverheadBenchmark.class.getName())
			.include(GatewayKeysBenchmark.class.getName())
			.forks(this.settings.jmhForks())
			.warmupIterations(this.settings.jmhWarmups())
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(this.settings.jmhIterations())
			.measurementTime(TimeValue.seconds(1))
			.jvmArgsAppend(HEAP)
			.verbosity(VerboseMode.SILENT);
		try {
			for (RunResult run : new Runner(options.build()).run()) {
				String benchmark = run.getParams().getBenchmark();
				benchmark = benchmark.substring(benchmark.lastIndexOf('.') + 1);
				int fork = 0;
				for (BenchmarkResult forkResult : run.getBenchmarkResults()) {
					fork++;
					int iteration = 0;
					for (IterationResult result : forkResult.getIterationResults()) {
						Map<String, String> fields = new LinkedHashMap<>();
						fields.put(Results.SCENARIO, "jmh");
						fields.put("benchmark", benchmark);
						fields.put("fork", String.valueOf(fork));
						fields.put("iteration", String.valueOf(++iteration));
						fields.put("nsPerOp", String.valueOf(result.getPrimaryResult().getScore()));
						this.results.add(fields);
					}
				}
			}
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH failed: " + ex.getMessage(), ex);
		}
	}

	private void client(String scenario, List<String> jvmOptions, String... arguments) {
		List<String> args = new ArrayList<>(List.of(scenario, "--stub=" + this.stub.url(), "--run=" + scenario));
		args.addAll(List.of(arguments));
		this.results.addAll(ChildJvm
			.start(scenario, profiled(scenario, jvmOptions), harnessLaunch(ClientMain.class), args, this.logs)
			.await(Duration.ofMinutes(15)));
	}

	private void sideBySide() {
		Map<String, List<String>> clients = new LinkedHashMap<>();
		clients.put("webclient", harnessLaunch(ClientMain.class));
		clients.put("fallback", harnessLaunch(ClientMain.class));
		clients.put("fallback-langchain4j", harnessLaunch(ClientMain.class));
		RUNNERS.forEach((name, module) -> {
			if (!this.clients.contains(name)) {
				return;
			}
			Path jar = this.root.resolve("benchmarks").resolve(module).resolve("target/runner.jar");
			if (Files.isRegularFile(jar)) {
				clients.put(name, List.of("-jar", jar.toString()));
			}
			else {
				this.problems.add(name + " left out: " + jar + " is missing; build with the command above");
			}
		});
		clients.keySet().retainAll(this.clients);
		String common = "--stub=" + this.stub.url();
		// Every client's JVM stays up and measures one round when told, so that rounds of
		// all clients interleave in time and drift in machine load hits them all alike.
		Map<String, ChildJvm> success = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> client : clients.entrySet()) {
			List<String> args = sideBySideArguments(client.getKey(), common, "success", false);
			args.addAll(List.of("--paced", "--concurrency=" + SIDE_BY_SIDE_THREADS,
					"--warmup=" + seconds(this.settings.warmup()), "--window=" + seconds(this.settings.window()),
					"--rounds=" + this.settings.rounds()));
			String name = "side-by-side-success-" + client.getKey();
			success.put(client.getKey(),
					ChildJvm.start(name, profiled(name, List.of(HEAP)), client.getValue(), args, this.logs));
		}
		List<String> order = new ArrayList<>(success.keySet());
		for (String client : order) {
			try {
				success.get(client).awaitResults(1, Duration.ofMinutes(2));
			}
			catch (RuntimeException ex) {
				this.problems.add("side-by-side success path of " + client + ": " + ex.getMessage());
				success.remove(client);
			}
		}
		Duration roundTimeout = this.settings.warmup().plus(this.settings.window()).plusMinutes(2);
		for (int round = 1; round <= this.settings.rounds(); round++) {
			System.out.printf("   success path, round %d of %d%n", round, this.settings.rounds());
			for (String client : order) {
				ChildJvm jvm = success.get(client);
				if (jvm == null) {
					continue;
				}
				try {
					jvm.send("round " + round);
					jvm.awaitResults(round + 1, roundTimeout);
				}
				catch (RuntimeException ex) {
					this.problems.add("side-by-side success path of " + client + ": " + ex.getMessage());
					success.remove(client);
				}
			}
			// Rotate, so that no client always runs right after the same one.
			order.add(order.remove(0));
		}
		success.forEach((client, jvm) -> {
			try {
				this.results.addAll(jvm.await(Duration.ofMinutes(1)));
			}
			catch (RuntimeException ex) {
				this.problems.add("side-by-side success path of " + client + ": " + ex.getMessage());
			}
		});
		if (!this.probes) {
			return;
		}
		// Failure probes mostly wait, so all clients run them at once to bound the wall
		// time.
		System.out.printf("   failure probes, all clients at once (up to %d s)%n",
				this.settings.probeCap().toSeconds());
		Map<String, ChildJvm> probes = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> client : clients.entrySet()) {
			List<String> args = sideBySideArguments(client.getKey(), common, "failures", false);
			args.addAll(List.of("--warmup=" + seconds(this.settings.warmup()),
					"--cap=" + seconds(this.settings.probeCap())));
			probes.put(client.getKey(), ChildJvm.start("side-by-side-failures-" + client.getKey(), List.of(HEAP),
					client.getValue(), args, this.logs));
			if (client.getKey().equals("fallback")) {
				List<String> withSecondary = sideBySideArguments(client.getKey(), common, "failures", true);
				withSecondary.addAll(List.of("--warmup=" + seconds(this.settings.warmup()),
						"--cap=" + seconds(this.settings.probeCap())));
				probes.put("fallback-secondary", ChildJvm.start("side-by-side-failures-fallback-secondary",
						List.of(HEAP), client.getValue(), withSecondary, this.logs));
			}
		}
		Duration timeout = this.settings.probeCap().multipliedBy(2).plusMinutes(2);
		probes.forEach((name, jvm) -> {
			try {
				this.results.addAll(jvm.await(timeout));
			}
			catch (RuntimeException ex) {
				this.problems.add("side-by-side failure probes of " + name + ": " + ex.getMessage());
			}
		});
	}

	private List<String> sideBySideArguments(String client, String common, String phase, boolean secondary) {
		List<String> args = new ArrayList<>();
		if (!RUNNERS.containsKey(client)) {
			args.add("side-by-side");
			args.add("--client=" + client);
		}
		args.add(common);
		args.add("--phase=" + phase);
		args.add("--run=sbs-" + client + (secondary ? "-secondary" : "") + "-" + phase);
		if (secondary) {
			args.add("--secondary");
		}
		return args;
	}

	private void scale() {
		for (String pool : List.of("default", "raised")) {
			for (String client : List.of("webclient", "fallback")) {
				List<String> jvmOptions = new ArrayList<>(List.of(SCALE_HEAP));
				if (pool.equals("raised")) {
					jvmOptions.add(RAISED_POOL);
				}
				System.out.printf("   %s pool: %s%n", pool, client);
				List<String> args = new ArrayList<>(List.of("scale", "--stub=" + this.stub.url(), "--run=scale-" + pool,
						"--client=" + client, "--pool=" + pool, "--in-flight=5000", "--latency=500",
						"--warmup=" + seconds(this.settings.scaleWarmup()),
						"--window=" + seconds(this.settings.scaleWindow()),
						"--rounds=" + (pool.equals("default") ? 1 : Math.min(3, this.settings.rounds()))));
				try {
					this.results.addAll(
							ChildJvm
								.start("scale-" + pool + "-" + client, jvmOptions, harnessLaunch(ClientMain.class),
										args, this.logs)
								.await(Duration.ofMinutes(5)));
				}
				catch (RuntimeException ex) {
					this.problems.add("scale, " + pool + " pool, " + client + ": " + ex.getMessage());
				}
			}
		}
	}

	private void gateway() {
		// The gateway's auto-configuration sets this Reactor Netty flag: the proxy
		// gets it too, so that both servers flush and read alike.
		List<String> jvmOptions = new ArrayList<>(
				List.of(HEAP, "-Dreactor.netty.http.server.lastFlushWhenNoRead=true"));
		if (this.profile) {
			// Several servers: JFR names each recording after its process.
			jvmOptions.add("-XX:StartFlightRecording=settings=profile,filename=" + this.logs.toAbsolutePath() + "/");
		}
		StubEndpoints stub = new StubEndpoints(this.stub.url());
		try (GatewayServers servers = GatewayServers.start(this.root, stub, GATEWAY_PROVIDER, jvmOptions, this.logs)) {
			List<String> args = new ArrayList<>(List.of("--direct=" + stub.baseUrl("gateway-direct", GATEWAY_PROVIDER),
					"--direct-pid=" + ProcessHandle.current().pid()));
			args.addAll(servers.scenarioArguments());
			args.addAll(List.of(
					"--concurrency="
							+ GATEWAY_CONNECTIONS.stream().map(String::valueOf).collect(Collectors.joining(",")),
					"--warmup=" + seconds(this.settings.warmup().multipliedBy(3)),
					"--window=" + seconds(this.settings.window()), "--rounds=" + this.settings.rounds()));
			client("gateway", List.of(HEAP), args.toArray(String[]::new));
			long scripts = servers.redisScriptCalls();
			if (scripts >= 0) {
				this.results.add(Map.of(Results.SCENARIO, "gateway-redis", "scripts", String.valueOf(scripts)));
			}
			this.problems.addAll(servers.problems());
		}
	}

	private void startup() {
		String baseUrl = this.stub.url() + "/startup/ok/v1";
		for (int i = 1; i <= this.settings.startups(); i++) {
			// Alternate, so that drift in machine load hits both variants alike.
			for (String variant : (i % 2 == 1) ? List.of("with", "without") : List.of("without", "with")) {
				this.results.addAll(ChildJvm
					.start("startup-" + variant + "-" + i, List.of(HEAP), harnessLaunch(StartupMain.class),
							List.of("--variant=" + variant, "--base-url=" + baseUrl), this.logs)
					.await(Duration.ofMinutes(2)));
			}
		}
	}

	/** With {@code --profile}, the options plus a JFR recording named after the JVM. */
	private List<String> profiled(String name, List<String> jvmOptions) {
		if (!this.profile) {
			return jvmOptions;
		}
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-XX:StartFlightRecording=settings=profile,filename=" + this.logs.toAbsolutePath().resolve(name)
				+ ".jfr");
		return options;
	}

	private List<String> harnessLaunch(Class<?> main) {
		return List.of("-cp", this.harnessJar.toString(), main.getName());
	}

	private static String seconds(Duration duration) {
		return String.valueOf(duration.toMillis() / 1000.0);
	}

	private static Path harnessJar() {
		try {
			Path location = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			if (!Files.isRegularFile(location)) {
				throw new IllegalStateException(
						"Run the harness from its jar: java -jar benchmarks/harness/target/benchmarks.jar");
			}
			return location.toAbsolutePath();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> runners() {
		Map<String, String> runners = new LinkedHashMap<>();
		runners.put("spring-ai", "spring-ai-runner");
		runners.put("langchain4j", "langchain4j-runner");
		runners.put("openai-java", "openai-java-runner");
		return runners;
	}

}
