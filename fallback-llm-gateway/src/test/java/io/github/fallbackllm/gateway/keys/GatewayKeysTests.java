package io.github.fallbackllm.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRejectedException;
import io.github.fallbackllm.gateway.GatewayRequest;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.routing.Route;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link GatewayKeys}: the registry, routes and limits on a clock the test
 * sets, without HTTP.
 */
class GatewayKeysTests {

	private static final String TEAM_A_SECRET = "gw-team-a-0123456789abcdef";

	private static final String TEAM_B_SECRET = "gw-team-b-0123456789abcdef";

	private final TestClock clock = new TestClock();

	private final LocalClientBudgets budgets = new LocalClientBudgets(this.clock);

	private final RecordedUsage usage = new RecordedUsage();

	private final GatewayRoutes routes = new GatewayRoutes(defaultRouteOnly(),
			GatewayProperties.UnknownModel.NOT_FOUND);

	@Test
	void aKnownKeyIsAuthenticatedWhicheverHeaderCarriesIt() {
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE));
		assertThat(keys.authenticate(exchange("Authorization", "Bearer " + TEAM_A_SECRET))).isNull();
		assertThat(keys.authenticate(exchange("x-api-key", TEAM_A_SECRET))).isNull();
		assertThat(this.usage.events).isEmpty();
	}

	@Test
	void aKeyConfiguredByItsDigestIsAuthenticatedByItsSecret() {
		// printf %s gw-team-a-0123456789abcdef | sha256sum
		GatewayKeys keys = keys(GatewayKey.ofSha256("team-a",
				"9A70B1F8E60D6B7D2F0F4D39D9F4D9E0AB4C0C8B7D3F2E1A0B9C8D7E6F5A4B3C".toLowerCase(Locale.ROOT), List.of(),
				ClientLimits.NONE));
		assertThat(keys.authenticate(exchange("x-api-key", TEAM_A_SECRET))).isNotNull();
		String digest = HexFormat.of().formatHex(GatewayKey.sha256(TEAM_A_SECRET.getBytes(StandardCharsets.UTF_8)));
		GatewayKeys byDigest = keys(
				GatewayKey.ofSha256("team-a", digest.toUpperCase(Locale.ROOT), List.of(), ClientLimits.NONE));
		assertThat(byDigest.authenticate(exchange("x-api-key", TEAM_A_SECRET))).isNull();
	}

	@Test
	void anUnknownMissingOrMalformedKeyIsA401InvalidApiKeyThatNeverShowsTheKey() {
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE));
		for (MockServerWebExchange exchange : List.of(exchange("Authorization", "Bearer gw-unknown-secret-0123456789"),
				exchange("Authorization", "Basic " + TEAM_A_SECRET), exchange("x-api-key", TEAM_A_SECRET + "\u0007"),
				MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")))) {
			GatewayRejectedException rejected = keys.authenticate(exchange);
			assertThat(rejected).isNotNull();
			assertThat(rejected.getError().status()).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(rejected.getError().code()).isEqualTo("invalid_api_key");
			assertThat(rejected.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
			assertThat(rejected.getMessage()).doesNotContain("sk-wrong").doesNotContain(TEAM_A_SECRET);
		}
		assertThat(this.usage.events).containsOnly("rejected unknown invalid_key").hasSize(4);
	}

	@Test
	void aRouteTheKeyMayNotUseIsA403NamingTheRoute() {
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of("gpt-4o-mini"), ClientLimits.NONE));
		MockServerWebExchange exchange = authenticated(keys, TEAM_A_SECRET);
		assertThat(keys.admit(exchange, request("gpt-4o-mini")).block()).isNotNull();
		GatewayRejectedException rejected = rejection(keys, exchange, request("claude-opus"));
		assertThat(rejected.getError().status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(rejected.getError().code()).isEqualTo("permission_denied");
		assertThat(rejected.getMessage()).contains("route 'default' (model 'claude-opus')")
			.doesNotContain(TEAM_A_SECRET);
		assertThat(this.usage.events).containsExactly("admitted team-a", "rejected team-a route");
	}

	@Test
	void aKeyForTheRouteMayUseEveryModelOfIt() {
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of("default"), ClientLimits.NONE));
		assertThat(keys.admit(authenticated(keys, TEAM_A_SECRET), request("anything")).block()).isNotNull();
	}

	@Test
	void overTheKeysRpmIsA429WithRetryAfterUntilTheNextMinute() {
		this.clock.set(Instant.parse("2026-12-07T10:15:40Z"));
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), new ClientLimits(2, 0, 0)),
				GatewayKey.of("team-b", TEAM_B_SECRET, List.of(), new ClientLimits(2, 0, 0)));
		MockServerWebExchange exchange = authenticated(keys, TEAM_A_SECRET);
		keys.admit(exchange, request("m")).block();
		keys.admit(exchange, request("m")).block();
		GatewayRejectedException rejected = rejection(keys, exchange, request("m"));
		assertThat(rejected.getError().status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(rejected.getError().code()).isEqualTo("rate_limit_exceeded");
		assertThat(rejected.getError().retryAfter()).hasSeconds(20);
		assertThat(rejected.getHeaders().getFirst(GatewayKeys.LIMIT_HEADER)).isEqualTo("key");
		assertThat(rejected.getMessage()).contains("Key 'team-a'", "2 requests per minute (rpm)");
		// Another key has its own budget.
		assertThat(keys.admit(authenticated(keys, TEAM_B_SECRET), request("m")).block()).isNotNull();
		this.clock.set(Instant.parse("2026-12-07T10:16:00Z"));
		assertThat(keys.admit(exchange, request("m")).block()).isNotNull();
	}

	@Test
	void tpmTakesTheInputEstimateAndSettlesWithTheReportedUsage() {
		this.clock.set(Instant.parse("2026-12-07T10:15:00Z"));
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), new ClientLimits(0, 1_000, 0)));
		MockServerWebExchange exchange = authenticated(keys, TEAM_A_SECRET);
		// 2,400 characters: an estimate of 604 tokens.
		GatewayRequest large = request("m", "x".repeat(2_400));
		GatewayAccess.Admission first = keys.admit(exchange, large).block();
		GatewayRejectedException rejected = rejection(keys, exchange, large);
		assertThat(rejected.getMessage()).contains("1000 tokens per minute (tpm)", "estimated 604 input tokens");
		// The answer used 150 tokens in all: 850 are left.
		first.completed(new TokenUsage(100, 50));
		assertThat(keys.admit(exchange, large).block()).isNotNull();
		assertThat(this.usage.events).containsExactly("admitted team-a", "rejected team-a tpm", "used team-a 100/50",
				"admitted team-a");
	}

	@Test
	void overTheDailyBudgetIsA429UntilMidnightUtc() {
		this.clock.set(Instant.parse("2026-12-07T22:00:00Z"));
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), new ClientLimits(0, 0, 1_000)));
		MockServerWebExchange exchange = authenticated(keys, TEAM_A_SECRET);
		keys.admit(exchange, request("m")).block().completed(new TokenUsage(900, 99));
		GatewayRejectedException rejected = rejection(keys, exchange, request("m", "x".repeat(40)));
		assertThat(rejected.getError().retryAfter()).hasHours(2);
		assertThat(rejected.getMessage()).contains("1000 tokens per UTC day (max-tokens-per-day)");
		this.clock.set(Instant.parse("2026-12-08T00:00:00Z"));
		assertThat(keys.admit(exchange, request("m")).block()).isNotNull();
	}

	@Test
	void aRequestThatSkippedAuthenticationIsRefused() {
		GatewayKeys keys = keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE));
		GatewayRejectedException rejected = rejection(keys,
				MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions")), request("m"));
		assertThat(rejected.getError().status()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void keysMustHaveDistinctNamesAndSecrets() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE),
					GatewayKey.of("team-b", TEAM_A_SECRET, List.of(), ClientLimits.NONE)))
			.withMessage("Keys 'team-a' and 'team-b' have the same secret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> keys(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE),
					GatewayKey.of("team-a", TEAM_B_SECRET, List.of(), ClientLimits.NONE)))
			.withMessage("Two keys are named 'team-a'");
	}

	@Test
	void aKeyShowsItsNameOnly() {
		assertThat(GatewayKey.of("team-a", TEAM_A_SECRET, List.of(), ClientLimits.NONE))
			.hasToString("GatewayKey[team-a]");
	}

	private GatewayKeys keys(GatewayKey... keys) {
		return new GatewayKeys(List.of(keys), this.routes, this.budgets, this.usage);
	}

	private static MockServerWebExchange authenticated(GatewayKeys keys, String secret) {
		MockServerWebExchange exchange = exchange("Authorization", "Bearer " + secret);
		assertThat(keys.authenticate(exchange)).isNull();
		return exchange;
	}

	private static GatewayRejectedException rejection(GatewayKeys keys, MockServerWebExchange exchange,
			GatewayRequest request) {
		Object failure = keys.admit(exchange, request).cast(Object.class).onErrorResume(Mono::just).block();
		assertThat(failure).isInstanceOf(GatewayRejectedException.class);
		return (GatewayRejectedException) failure;
	}

	private static MockServerWebExchange exchange(String header, String value) {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions").header(header, value));
	}

	private static GatewayRequest request(String model) {
		return request(model, "Hi");
	}

	private static GatewayRequest request(String model, String text) {
		ChatRequest chat = ChatRequest.of(text);
		return new GatewayRequest() {

			@Override
			public ChatRequest chatRequest() {
				return chat;
			}

			@Override
			public @Nullable String model() {
				return model;
			}

			@Override
			public boolean stream() {
				return false;
			}

		};
	}

	static final class TestClock extends Clock {

		private volatile Instant now = Instant.parse("2026-12-07T10:15:00Z");

		void set(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	static final class RecordedUsage implements KeyUsage {

		final List<String> events = new ArrayList<>();

		@Override
		public void admitted(String key) {
			this.events.add("admitted " + key);
		}

		@Override
		public void used(String key, TokenUsage usage) {
			this.events.add("used " + key + " " + usage.promptTokens() + "/" + usage.completionTokens());
		}

		@Override
		public void rejected(String key, KeyRejection reason) {
			this.events.add("rejected " + key + " " + reason.tag());
		}

	}

	/** A chain without named routes: every model is served by its default route. */
	private static FallbackChatService defaultRouteOnly() {
		FallbackChatService service = mock(FallbackChatService.class);
		Route route = Route.builder(Route.DEFAULT).group("primary/gpt-4o-mini").build();
		given(service.routes()).willReturn(List.of(route));
		given(service.currentRoute()).willReturn(route);
		return service;
	}

}
