package io.github.fallbackllm.benchmarks;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRejectedException;
import io.github.fallbackllm.gateway.GatewayRequest;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.keys.GatewayKey;
import io.github.fallbackllm.gateway.keys.GatewayKeyMeters;
import io.github.fallbackllm.gateway.keys.GatewayKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * What the gateway's key checks cost per request, in memory and without HTTP: the
 * presented key read from the header, hashed with SHA-256 and compared with every key's
 * digest in constant time (four keys, as a small deployment has), the route allowed, the
 * request's input tokens estimated, the request admitted in the key's {@code rpm} and
 * {@code tpm} windows, then its usage settled and counted in the key's meters.
 *
 * @author Fallback LLM contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GatewayKeysBenchmark {

	/** The benchmark's name in results. */
	static final String CHECK = "keyCheck";

	private static final TokenUsage USAGE = new TokenUsage(60, 40);

	private GatewayKeys keys;

	private MockServerWebExchange exchange;

	private GatewayRequest request;

	@Setup
	public void setUp() {
		ClientLimits limits = new ClientLimits(ClientLimits.MAX, ClientLimits.MAX, 0);
		List<GatewayKey> all = List.of(GatewayKey.of("team-a", "gw-a-0000000000000000000000", List.of(), limits),
				GatewayKey.of("team-b", "gw-b-0000000000000000000000", List.of(), limits),
				GatewayKey.of("team-c", "gw-c-0000000000000000000000", List.of(), limits),
				GatewayKey.of("bench", GatewayScenario.GATEWAY_KEY, List.of(), limits));
		GatewayRoutes routes = new GatewayRoutes(OurClients.service("http://127.0.0.1:9/v1", null),
				GatewayProperties.UnknownModel.NOT_FOUND);
		this.keys = new GatewayKeys(all, routes, new LocalClientBudgets(Clock.systemUTC()),
				new GatewayKeyMeters(new SimpleMeterRegistry()));
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayScenario.GATEWAY_KEY));
		this.request = new Request(OurClients.REQUEST);
	}

	@Benchmark
	public GatewayAccess.Admission keyCheck() {
		GatewayRejectedException rejected = this.keys.authenticate(this.exchange);
		if (rejected != null) {
			throw rejected;
		}
		GatewayAccess.Admission admission = this.keys.admit(this.exchange, this.request).block();
		admission.completed(USAGE);
		return admission;
	}

	private record Request(ChatRequest chatRequest) implements GatewayRequest {

		@Override
		public @Nullable String model() {
			return CannedChat.MODEL;
		}

		@Override
		public boolean stream() {
			return false;
		}

	}

}
