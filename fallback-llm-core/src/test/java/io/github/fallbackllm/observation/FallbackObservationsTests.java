package io.github.fallbackllm.observation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.ChatStreamInterruptedException;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.embedding.EmbeddingResult;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.testsupport.InMemoryProvider;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the observations of calls and attempts, through the service.
 */
class FallbackObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	/** Every failure of the failure table; skips and answers are not failures. */
	@ParameterizedTest
	@EnumSource(value = AttemptOutcome.class, mode = EnumSource.Mode.EXCLUDE, names = { "SUCCEEDED", "SKIPPED" })
	void eachFailureIsAnAttemptWithItsErrorTypeThenTheNextTargetAnswers(AttemptOutcome outcome) {
		FallbackChatService service = service(InMemoryProvider.failing("primary", "openai", outcome),
				InMemoryProvider.answering("secondary", "anthropic"));

		assertThat(service.chat("Hello")).isEqualTo("hello");

		List<Map<String, String>> attempts = keyValues(AttemptObservationContext.class);
		assertThat(attempts).isNotEmpty();
		Map<String, String> failed = attempts.get(0);
		assertThat(failed).containsEntry("gen_ai.operation.name", "chat")
			.containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.request.model", "primary-model")
			.containsEntry("gen_ai.response.model", "none")
			.containsEntry("server.address", "primary.example.com")
			.containsEntry("llm.fallback.provider", "primary")
			.containsEntry("error.type", outcome.name().toLowerCase(Locale.ROOT));
		Map<String, String> answered = attempts.get(attempts.size() - 1);
		assertThat(answered).containsEntry("gen_ai.provider.name", "anthropic")
			.containsEntry("gen_ai.request.model", "secondary-model")
			.containsEntry("gen_ai.response.model", "secondary-model-v1")
			.containsEntry("llm.fallback.provider", "secondary")
			.doesNotContainKey("error.type");
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("outcome", "served")
				.containsEntry("hops", "1")
				.containsEntry("llm.fallback.provider", "secondary")
				.containsEntry("gen_ai.request.model", "secondary-model")
				.containsEntry("llm.fallback.stream", "false"));
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(DefaultCallObservationConvention.NAME)
			.that()
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void anAnswerOnTheFirstTargetHasNoHopAndNoErrorType() {
		service(InMemoryProvider.answering("primary", "openai")).chat("Hello");

		assertThat(keyValues(AttemptObservationContext.class)).singleElement()
			.satisfies((attempt) -> assertThat(attempt).doesNotContainKey("error.type"));
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("outcome", "served").containsEntry("hops", "0"));
	}

	@Test
	void eachCallIsObservedWithTheRouteThatServedIt() {
		FallbackChatService service = FallbackChatService.builder()
			.observationRegistry(this.registry)
			.provider(InMemoryProvider.answering("primary", "openai"))
			.route(Route.builder("smart").group("primary/primary-model").build())
			.build();

		service.chat("Hello");
		service.route("smart").chat("Hello");
		service.chat(ChatRequest.builder().user("Hello").route("smart").build());

		assertThat(keyValues(CallObservationContext.class)).extracting((call) -> call.get("llm.fallback.route"))
			.containsExactly("default", "smart", "smart");
	}

	@Test
	void aStreamedCallIsObservedToItsLastChunk() {
		FallbackChatService service = service(
				InMemoryProvider.failing("primary", "openai", AttemptOutcome.RATE_LIMITED),
				InMemoryProvider.answering("secondary", "anthropic"));

		assertThat(service.stream(ChatRequest.of("Hello")).collectList().block()).hasSize(3);

		assertThat(keyValues(AttemptObservationContext.class)).extracting((attempt) -> attempt.get("error.type"))
			.containsExactly("rate_limited", null);
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("outcome", "served")
				.containsEntry("hops", "1")
				.containsEntry("llm.fallback.stream", "true"));
		CallObservationContext call = contexts(CallObservationContext.class).get(0);
		assertThat(call.getUsage()).isNotNull();
		assertThat(call.getUsage().promptTokens()).isEqualTo(12);
		assertThat(call.getResponseModel()).isEqualTo("secondary-model-v1");
		AttemptObservationContext answered = contexts(AttemptObservationContext.class).get(1);
		assertThat(answered.getHighCardinalityKeyValues().stream().map((keyValue) -> keyValue.getKey()))
			.contains("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
	}

	@Test
	void aStreamThatBreaksAfterItsFirstChunkIsInterrupted() {
		FallbackChatService service = service(InMemoryProvider.breakingAfterFirstChunk("primary", "openai"),
				InMemoryProvider.answering("secondary", "anthropic"));

		assertThatExceptionOfType(ChatStreamInterruptedException.class)
			.isThrownBy(() -> service.stream(ChatRequest.of("Hello")).collectList().block());

		assertThat(keyValues(AttemptObservationContext.class)).singleElement()
			.satisfies((attempt) -> assertThat(attempt).containsEntry("error.type", "server_error"));
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("outcome", "interrupted")
				.containsEntry("llm.fallback.provider", "primary"));
		assertThat(contexts(CallObservationContext.class).get(0).getError())
			.isInstanceOf(ChatStreamInterruptedException.class);
	}

	@Test
	void aCallThatNoTargetAnsweredFailedEverywhere() {
		FallbackChatService service = service(
				InMemoryProvider.failing("primary", "openai", AttemptOutcome.AUTHENTICATION_FAILED),
				InMemoryProvider.failing("secondary", "anthropic", AttemptOutcome.MODEL_NOT_FOUND));

		assertThatExceptionOfType(AllProvidersFailedException.class).isThrownBy(() -> service.chat("Hello"));

		assertThat(keyValues(AttemptObservationContext.class)).extracting((attempt) -> attempt.get("error.type"))
			.containsExactly("authentication_failed", "model_not_found");
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("outcome", "all_failed")
				.containsEntry("hops", "1")
				.containsEntry("llm.fallback.provider", "none")
				.containsEntry("gen_ai.request.model", "none"));
		CallObservationContext call = contexts(CallObservationContext.class).get(0);
		assertThat(call.getError()).isInstanceOf(AllProvidersFailedException.class);
		assertThat(call.getAttempts()).hasSize(2);
	}

	@Test
	void attemptsAreNotObservedWhenSwitchedOffButTheCallStillKnowsWhoAnswered() {
		FallbackChatService service = FallbackChatService.builder()
			.provider(InMemoryProvider.failing("primary", "openai", AttemptOutcome.RATE_LIMITED))
			.provider(InMemoryProvider.answering("secondary", "anthropic"))
			.observationRegistry(this.registry)
			.attemptObservations(false)
			.build();

		service.chat("Hello");

		assertThat(contexts(AttemptObservationContext.class)).isEmpty();
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("llm.fallback.provider", "secondary"));
	}

	@Test
	void customConventionsReplaceTheDefaultOnes() {
		FallbackChatService service = FallbackChatService.builder()
			.provider(InMemoryProvider.answering("primary", "openai"))
			.observationRegistry(this.registry)
			.observationConvention(new CallObservationConvention() {

				@Override
				public String getName() {
					return "my.call";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(CallObservationContext context) {
					return KeyValues.of("answered", Boolean.toString(context.getProvider() != null));
				}

			})
			.observationConvention(new AttemptObservationConvention() {

				@Override
				public String getName() {
					return "my.attempt";
				}

			})
			.build();

		service.chat("Hello");

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("my.call", 1)
			.hasNumberOfObservationsWithNameEqualTo("my.attempt", 1)
			.hasNumberOfObservationsWithNameEqualTo(DefaultCallObservationConvention.NAME, 0)
			.hasObservationWithNameEqualTo("my.call")
			.that()
			.hasLowCardinalityKeyValue("answered", "true");
	}

	@Test
	void anEmbeddingCallIsObservedAsTheEmbeddingsOperation() {
		FallbackChatService service = service(
				embedder("primary", Mono.error(ProviderException.of(AttemptOutcome.RATE_LIMITED, "slow down"))),
				embedder("secondary", Mono.just(new EmbeddingResult(List.of(new float[] { 1, 2 }),
						"text-embedding-3-small-v1", new TokenUsage(3, 0)))));

		EmbeddingResponse response = service.embeddings().embedBlocking(EmbeddingRequest.of("Hello"));

		assertThat(response.provider()).isEqualTo("secondary");
		assertThat(keyValues(AttemptObservationContext.class))
			.extracting((attempt) -> attempt.get("gen_ai.operation.name") + " " + attempt.get("error.type"))
			.containsExactly("embeddings rate_limited", "embeddings null");
		assertThat(contexts(AttemptObservationContext.class)).extracting(Observation.Context::getContextualName)
			.containsExactly("embeddings text-embedding-3-small", "embeddings text-embedding-3-small");
		assertThat(keyValues(CallObservationContext.class)).singleElement()
			.satisfies((call) -> assertThat(call).containsEntry("gen_ai.operation.name", "embeddings")
				.containsEntry("outcome", "served")
				.containsEntry("hops", "1")
				.containsEntry("llm.fallback.provider", "secondary"));
		CallObservationContext call = contexts(CallObservationContext.class).get(0);
		assertThat(call.getContextualName()).isEqualTo("fallback embeddings");
		assertThat(call.getRequest()).isNull();
		assertThat(call.getResponseModel()).isEqualTo("text-embedding-3-small-v1");
		assertThat(call.getUsage()).isNotNull();
	}

	private static LlmProvider embedder(String name, Mono<EmbeddingResult> answer) {
		return new LlmProvider() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public List<String> models() {
				return List.of("text-embedding-3-small");
			}

			@Override
			public Mono<ChatResponse> chat(String model, ChatRequest request) {
				return Mono.error(new AssertionError("not a chat model"));
			}

			@Override
			public boolean supportsEmbeddings() {
				return true;
			}

			@Override
			public Mono<EmbeddingResult> embed(String model, EmbeddingRequest request) {
				return answer;
			}

		};
	}

	private FallbackChatService service(LlmProvider... providers) {
		FallbackChatService.Builder builder = FallbackChatService.builder().observationRegistry(this.registry);
		for (LlmProvider provider : providers) {
			builder.provider(provider);
		}
		return builder.build();
	}

	private <C extends Observation.Context> List<C> contexts(Class<C> type) {
		List<C> contexts = new ArrayList<>();
		TestObservationRegistryAssert.assertThat(this.registry).hasHandledContextsThatSatisfy((handled) -> {
			for (Observation.Context context : handled) {
				if (type.isInstance(context)) {
					contexts.add(type.cast(context));
				}
			}
		});
		return contexts;
	}

	private List<Map<String, String>> keyValues(Class<? extends Observation.Context> type) {
		return contexts(type).stream().map((context) -> {
			Map<String, String> keyValues = new LinkedHashMap<>();
			context.getLowCardinalityKeyValues()
				.forEach((keyValue) -> keyValues.put(keyValue.getKey(), keyValue.getValue()));
			return keyValues;
		}).toList();
	}

}
