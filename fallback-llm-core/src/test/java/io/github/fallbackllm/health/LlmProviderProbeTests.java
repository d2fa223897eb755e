package io.github.fallbackllm.health;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.health.ModelCheck.MissingModel;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.health.ModelListStubs.anthropicModels;
import static io.github.fallbackllm.health.ModelListStubs.openAiModels;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes of one provider's model list against WireMock: each outcome, the model check,
 * caching and coalescing, and that a probe is never a chat call.
 */
class LlmProviderProbeTests {

	private static final String KEY = "sk-proj-probe0123456789abcdefSECRET";

	private static final String MODELS = "/v1/models";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration TTL = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ModelListStubs.MutableClock clock = new ModelListStubs.MutableClock();

	@Test
	void providerThatListsItsModelsIsUpAndIsNeverAskedForAChat() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini", "o3-mini"))));

		ProbeResult result = probe(openAi("gpt-4o", "gpt-4o-mini")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.UP);
		assertThat(result.summary()).isEqualTo("lists 3 models");
		assertThat(result.missingModels()).isEmpty();
		assertThat(result.failure()).isNull();
		assertThat(result.error()).isNull();
		assertThat(result.checkedAt()).isEqualTo(this.clock.instant());
		assertThat(result.latency()).isPositive();
		server.verify(1, getRequestedFor(urlPathEqualTo(MODELS)));
		server.verify(0, postRequestedFor(anyUrl()));
	}

	@Test
	void aHugeErrorPageIsReportedWithinTheTimeout() {
		server.stubFor(get(MODELS).willReturn(json(500, "a".repeat(200 * 1024))));

		ProbeResult result = probe(openAi("gpt-4o")).probe().block(TIMEOUT.plusSeconds(2));

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.failure()).isEqualTo(AttemptOutcome.SERVER_ERROR);
		assertThat(result.error()).startsWith("server error (HTTP 500): body: aaa").hasSizeLessThan(400);
	}

	@Test
	void rejectedKeyIsDownAndNamesTheKeyPropertyWithoutShowingTheKey() {
		server.stubFor(get(MODELS)
			.willReturn(json(401, openAiError("invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
					+ KEY + ". You can find your API key at https://platform.openai.com."))));

		ProbeResult result = probe(openAi("gpt-4o")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.failure()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
		assertThat(result.summary()).isEqualTo("rejected the credentials (HTTP 401)");
		assertThat(result.action()).isEqualTo("check the credentials of provider 'openai'");
		assertThat(result.error()).contains("HTTP 401", "Incorrect API key provided").doesNotContain(KEY, "probe0123");
	}

	@Test
	void forbiddenIsDownLikeARejectedKey() {
		server.stubFor(get(MODELS).willReturn(json(403, "{\"error\":{\"message\":\"Forbidden\"}}")));

		ProbeResult result = probe(openAi("gpt-4o")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.action()).isEqualTo("check the credentials of provider 'openai'");
	}

	@Test
	void endpointWithoutModelListIsUnknownRatherThanDown() {
		server.stubFor(get(MODELS).willReturn(json(404, "{\"error\":{\"message\":\"Not found\"}}")));

		ProbeResult result = probe(openAi("gpt-4o")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.UNKNOWN);
		assertThat(result.summary()).isEqualTo("offers no model list (HTTP 404)");
		assertThat(result.error()).isNull();
		assertThat(result.action()).isNull();
	}

	@Test
	void providerThatThrowsInsteadOfSignallingIsReportedDownInTime() {
		LlmProvider throwing = new LlmProvider() {

			@Override
			public String name() {
				return "in-house";
			}

			@Override
			public List<String> models() {
				return List.of("house-model");
			}

			@Override
			public Mono<ChatResponse> chat(String model, ChatRequest request) {
				return Mono.error(new AssertionError("a probe must not chat"));
			}

			@Override
			public Mono<List<String>> listModels() {
				throw new IllegalStateException("provider bug");
			}

		};

		ProbeResult result = probe(throwing).probe().block(Duration.ofSeconds(5));

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.error()).contains("IllegalStateException: provider bug");
	}

	@Test
	void providerThatCannotListModelsIsUnknown() {
		LlmProvider custom = new LlmProvider() {

			@Override
			public String name() {
				return "in-house";
			}

			@Override
			public List<String> models() {
				return List.of("house-model");
			}

			@Override
			public Mono<ChatResponse> chat(String model, ChatRequest request) {
				return Mono.error(new AssertionError("a probe must not chat"));
			}

		};

		ProbeResult result = probe(custom).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.UNKNOWN);
		assertThat(result.summary()).isEqualTo("cannot list its models");
	}

	@Test
	void failingServerIsDown() {
		server.stubFor(get(MODELS).willReturn(json(503, "{\"error\":{\"message\":\"Service Unavailable\"}}")));

		ProbeResult result = probe(openAi("gpt-4o")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.failure()).isEqualTo(AttemptOutcome.SERVER_ERROR);
		assertThat(result.summary()).isEqualTo("server error (HTTP 503)");
	}

	@Test
	void unreachableProviderIsDown() {
		LlmProvider closed = new OpenAiLlmProvider(
				ProviderStubs.settings("openai", "http://127.0.0.1:1/v1", KEY, "gpt-4o"), WebClient.builder());

		ProbeResult result = probe(closed).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.failure()).isEqualTo(AttemptOutcome.NETWORK_ERROR);
	}

	@Test
	void slowProviderIsDownWhenTheProbeTimesOut() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o")).withFixedDelay(3000)));
		LlmProviderProbe probe = new LlmProviderProbe(openAi("gpt-4o"), FailurePolicy.STANDARD, FailureAdvice.BY_NAME,
				SecretRedactor.of(List.of(KEY)), Duration.ofMillis(200), TTL, this.clock);

		StepVerifier.create(probe.probe()).assertNext((result) -> {
			assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
			assertThat(result.failure()).isEqualTo(AttemptOutcome.TIMEOUT);
			assertThat(result.error()).isEqualTo("timed out: no answer within 200 ms");
		}).expectComplete().verify(Duration.ofSeconds(10));
	}

	@Test
	void misspelledModelIsReportedWithTheClosestOfferedName() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini"))));

		ProbeResult result = probe(openAi("gpt4o", "gpt-4o-mini")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.UP);
		assertThat(result.missingModels()).extracting(MissingModel::describe)
			.containsExactly("gpt4o is not offered; did you mean gpt-4o?");
		assertThat(result.action()).isEqualTo("check model 'gpt4o' of provider 'openai'");
	}

	@Test
	void providerOfferingNoneOfItsModelsIsDown() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o", "gpt-4o-mini"))));

		ProbeResult result = probe(openAi("gpt4o", "gpt-5-turbo")).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.DOWN);
		assertThat(result.error()).isEqualTo("offers none of the configured models");
		assertThat(result.action())
			.isEqualTo("check model 'gpt4o' of provider 'openai', model 'gpt-5-turbo' of provider 'openai'");
	}

	@Test
	void anthropicAliasOfAListedSnapshotIsOffered() {
		server.stubFor(get(urlPathEqualTo(MODELS))
			.willReturn(ok(anthropicModels("claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"))));
		LlmProvider anthropic = ProviderStubs.anthropic("anthropic", server, KEY, "claude-sonnet-4-5");

		ProbeResult result = probe(anthropic).probe().block();

		assertThat(result.status()).isEqualTo(ProviderStatus.UP);
		assertThat(result.missingModels()).isEmpty();
	}

	@Test
	void resultIsReusedUntilItsTimeToLiveEnds() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o"))));
		LlmProviderProbe probe = probe(openAi("gpt-4o"));

		probe.probe().block();
		this.clock.advance(TTL.minusSeconds(1));
		probe.probe().block();
		server.verify(1, getRequestedFor(urlPathEqualTo(MODELS)));

		this.clock.advance(Duration.ofSeconds(1));
		probe.probe().block();
		server.verify(2, getRequestedFor(urlPathEqualTo(MODELS)));
	}

	@Test
	void concurrentCallersShareTheProbeInFlight() {
		server.stubFor(get("/shared/v1/models").willReturn(ok(openAiModels("gpt-4o")).withFixedDelay(300)));
		LlmProviderProbe probe = probe(openAiUnder("/shared"));

		List<ProbeResult> results = Flux.range(0, 50)
			.flatMap((i) -> probe.probe(), 50)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(results).hasSize(50).allSatisfy((result) -> assertThat(result).isSameAs(results.get(0)));
		server.verify(1, getRequestedFor(urlPathEqualTo("/shared/v1/models")));
	}

	@Test
	void callerThatCancelsLeavesTheProbeRunningForTheOthers() {
		server.stubFor(get("/cancelling/v1/models").willReturn(ok(openAiModels("gpt-4o")).withFixedDelay(300)));
		LlmProviderProbe probe = probe(openAiUnder("/cancelling"));

		Disposable impatient = probe.probe().subscribe();
		impatient.dispose();
		ProbeResult result = probe.probe().block(Duration.ofSeconds(5));

		assertThat(result.status()).isEqualTo(ProviderStatus.UP);
		server.verify(1, getRequestedFor(urlPathEqualTo("/cancelling/v1/models")));
	}

	@Test
	void refreshProbesAgainWhileTheResultIsFresh() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o"))));
		LlmProviderProbe probe = probe(openAi("gpt-4o"));

		probe.probe().block();
		probe.refresh().block();
		probe.probe().block();

		server.verify(2, getRequestedFor(urlPathEqualTo(MODELS)));
	}

	@Test
	void closeEndsTheProbeInFlightForItsCallers() {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o")).withFixedDelay(3000)));
		LlmProviderProbe probe = probe(openAi("gpt-4o"));

		Mono<ProbeResult> waiting = probe.probe();
		StepVerifier.create(waiting).then(probe::close).assertNext((result) -> {
			assertThat(result.status()).isEqualTo(ProviderStatus.UNKNOWN);
			assertThat(result.summary()).isEqualTo("probe cancelled");
		}).expectComplete().verify(Duration.ofSeconds(10));
	}

	private LlmProviderProbe probe(LlmProvider provider) {
		return new LlmProviderProbe(provider, FailurePolicy.STANDARD, FailureAdvice.BY_NAME,
				SecretRedactor.of(List.of(KEY)), TIMEOUT, TTL, this.clock);
	}

	private static LlmProvider openAi(String... models) {
		return ProviderStubs.openAi("openai", server, KEY, models);
	}

	/**
	 * A provider under a path of its own: a delayed request of an earlier test, served
	 * after the stubs were reset, cannot count as this test's.
	 */
	private static LlmProvider openAiUnder(String prefix) {
		return new OpenAiLlmProvider(ProviderStubs.settings("openai", server.baseUrl() + prefix + "/v1", KEY, "gpt-4o"),
				WebClient.builder());
	}

}
