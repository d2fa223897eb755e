package io.github.fallbackllm.provider.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	@Test
	void signsTheFinalUriAndBodyOfEachRequest() {
		List<SignableRequest> signed = new ArrayList<>();
		server.stubFor(
				post("/v1/chat/completions").willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("m", "Hi"))));
		SignedProvider provider = new SignedProvider((request) -> {
			signed.add(request);
			HttpHeaders headers = new HttpHeaders();
			headers.set("Authorization", "Signed " + request.body().length);
			return Mono.just(headers);
		}, false);

		provider.chat("m", ChatRequest.of("Hi")).block(Duration.ofSeconds(5));

		assertThat(signed).singleElement().satisfies((request) -> {
			assertThat(request.uri()).hasToString(server.baseUrl() + "/v1/chat/completions");
			assertThat(request.headers().getContentType()).hasToString("application/json");
			assertThat(new String(request.body())).contains("\"model\":\"m\"");
		});
		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization",
				equalTo("Signed " + signed.get(0).body().length)));
	}

	@Test
	void aRenewedCredentialGetsOneMoreTryAfterA401() {
		server.stubFor(post("/v1/chat/completions").inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ProviderStubs.json(401,
					ProviderStubs.openAiError("invalid_request_error", "invalid_api_key", "expired")))
			.willSetStateTo("renewed"));
		server.stubFor(post("/v1/chat/completions").inScenario("token")
			.whenScenarioStateIs("renewed")
			.willReturn(ProviderStubs.ok(ProviderStubs.openAiCompletion("m", "Hi"))));
		AtomicInteger signatures = new AtomicInteger();
		SignedProvider provider = new SignedProvider((request) -> {
			HttpHeaders headers = new HttpHeaders();
			headers.setBearerAuth("token-" + signatures.incrementAndGet());
			return Mono.just(headers);
		}, true);

		ChatResponse response = provider.chat("m", ChatRequest.of("Hi")).block(Duration.ofSeconds(5));

		assertThat(response.content()).isEqualTo("Hi");
		assertThat(provider.renewals).hasValue(1);
		server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization",
				equalTo("Bearer token-2")));
	}

	@Test
	void a401WithoutRenewedCredentialsIsACredentialsFailure() {
		server.stubFor(post("/v1/chat/completions").willReturn(
				ProviderStubs.json(401, ProviderStubs.openAiError("invalid_request_error", "invalid_api_key", "no"))));
		SignedProvider provider = new SignedProvider((request) -> Mono.empty(), false);

		StepVerifier.create(provider.chat("m", ChatRequest.of("Hi")))
			.expectErrorSatisfies((ex) -> assertThat(((ProviderException) ex).getOutcome())
				.isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED))
			.verify(Duration.ofSeconds(5));
		assertThat(provider.renewals).hasValue(1);
		assertThat(server.getAllServeEvents()).hasSize(1);
	}

	static final class SignedProvider extends OpenAiLlmProvider {

		private final RequestSigner signer;

		private final AtomicInteger renewals = new AtomicInteger();

		SignedProvider(RequestSigner signer, boolean renews) {
			super(new ProviderSettings("signed", server.baseUrl() + "/v1", null, List.of("m"), java.util.Map.of(),
					65536), WebClient.builder());
			this.signer = new RequestSigner() {

				@Override
				public Mono<HttpHeaders> sign(SignableRequest request) {
					return signer.sign(request);
				}

				@Override
				public Mono<Boolean> renewAfterUnauthorized() {
					SignedProvider.this.renewals.incrementAndGet();
					return Mono.just(renews);
				}

			};
		}

		@Override
		protected RequestSigner requestSigner() {
			return this.signer;
		}

	}

}
