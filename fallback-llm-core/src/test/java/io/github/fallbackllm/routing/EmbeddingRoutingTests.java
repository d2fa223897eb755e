package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;
import io.github.fallbackllm.provider.LlmProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.fallbackllm.routing.VirtualRouting.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Embedding calls on virtual time, through the routing machinery of chat calls: they fall
 * back and cool down alike, use embedding models only, never mix embedding spaces, never
 * return vectors of another length than asked, and reassemble batches in order.
 *
 * @author Fallback LLM contributors
 */
class EmbeddingRoutingTests {

	private final VirtualRouting routing = new VirtualRouting();

	@AfterEach
	void realTime() {
		this.routing.close();
	}

	@Test
	void aRateLimitedPrimaryFallsBackToASecondaryOfTheSameSpaceAndIsSkippedWhileCooling() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small")
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedEmbedder azure = new ScriptedEmbedder("azure", "text-embedding-3-small");
		FallbackRouter router = router(List.of(), openai, azure);

		EmbeddingResponse first = embed(router, EmbeddingRequest.of("a 1", "b 2"));
		EmbeddingResponse second = embed(router, EmbeddingRequest.of("c 3"));

		assertThat(describe(first.attempts())).isEqualTo("RATE_LIMITED SUCCEEDED@azure");
		assertThat(first.provider()).isEqualTo("azure");
		assertThat(first.space()).isEqualTo("text-embedding-3-small");
		assertThat(first.vectors()).extracting((vector) -> vector[0]).containsExactly(1f, 2f);
		assertThat(describe(second.attempts())).as("the primary cools down, as for chat")
			.isEqualTo("SKIPPED SUCCEEDED@azure");
		assertThat(openai.received()).hasSize(1);
	}

	@Test
	void chatModelsAndProvidersWithoutEmbeddingsAreSkippedWithoutACall() {
		ScriptedEmbedder anthropic = new ScriptedEmbedder("anthropic", "claude-embed-like").chatOnly();
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "gpt-4o", "text-embedding-3-small");
		FallbackRouter router = router(List.of(), anthropic, openai);

		EmbeddingResponse response = embed(router, EmbeddingRequest.of("a 1"));

		assertThat(response.attempts()).extracting((attempt) -> attempt.outcome() + " " + attempt.detail())
			.containsExactly("UNSUPPORTED is not an embedding model", "UNSUPPORTED is not an embedding model",
					"SUCCEEDED ");
		assertThat(response.model()).isEqualTo("gpt-4o-v1");
		assertThat(anthropic.received()).isEmpty();
		assertThat(anthropic.chats() + openai.chats()).isZero();
	}

	@Test
	void chatCallsSkipEmbeddingModelsWithoutACall() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small", "gpt-4o");
		FallbackRouter router = router(List.of(), openai);

		ChatResponse response = this.routing.call(router);

		assertThat(response.attempts()).extracting((attempt) -> attempt.outcome() + " " + attempt.model())
			.containsExactly("UNSUPPORTED text-embedding-3-small", "SUCCEEDED gpt-4o");
		assertThat(openai.received()).isEmpty();
		assertThat(router.capabilities()).as("embedding models do not narrow what chat calls can ask").isNotEmpty();
	}

	@Test
	void aRouteWhoseEmbeddingTargetsSpanTwoSpacesIsRefusedAtBuildNamingTargetsAndProperty() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "gpt-4o", "text-embedding-3-small");
		ScriptedEmbedder mistral = new ScriptedEmbedder("mistral", "mistral-embed");
		Route route = Route.builder("rag")
			.group("openai/gpt-4o", "openai/text-embedding-3-small")
			.group("mistral/mistral-embed")
			.build();

		assertThatExceptionOfType(MixedEmbeddingSpacesException.class)
			.isThrownBy(() -> router(List.of(route), openai, mistral))
			.withMessageContaining("route 'rag'")
			.withMessageContaining("'text-embedding-3-small': openai/text-embedding-3-small")
			.withMessageContaining("'mistral-embed': mistral/mistral-embed")
			.withMessageContaining("llm.fallback.routes.rag.allow-mixed-spaces=true")
			.satisfies((ex) -> assertThat(ex.getTargetsBySpace()).containsOnlyKeys("text-embedding-3-small",
					"mistral-embed"));
		assertThat(openai.received()).isEmpty();
		assertThat(mistral.received()).isEmpty();
	}

	@Test
	void targetsNamingOneSpaceShareItAndAllowedMixedSpacesBuild() {
		ScriptedEmbedder ollama = new ScriptedEmbedder("ollama", "nomic-embed-text");
		ScriptedEmbedder together = new ScriptedEmbedder("together", "nomic-ai/nomic-embed-text-v1.5");
		Route shared = Route.builder("shared")
			.group(RouteGroup.ordered(RouteTarget.of("ollama/nomic-embed-text").withEmbeddingSpace("nomic-v1.5"),
					RouteTarget.of("together/nomic-ai/nomic-embed-text-v1.5").withEmbeddingSpace("nomic-v1.5")))
			.build();
		Route mixed = Route.builder("mixed")
			.group("ollama/nomic-embed-text", "together/nomic-ai/nomic-embed-text-v1.5")
			.allowMixedSpaces()
			.build();

		FallbackRouter router = router(List.of(shared, mixed), ollama, together);

		assertThat(router.route("shared").embeddingSpaces()).containsExactly("nomic-v1.5");
		assertThat(router.route("mixed").embeddingSpaces()).containsExactly("nomic-embed-text",
				"nomic-ai/nomic-embed-text-v1.5");
		assertThat(embed(router.route("shared"), EmbeddingRequest.of("a 1")).space()).isEqualTo("nomic-v1.5");
	}

	@Test
	void withoutADefaultRouteTheChainEmbedsInItsFirstSpaceOnly() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "gpt-4o", "text-embedding-3-small",
				"text-embedding-3-large")
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedEmbedder azure = new ScriptedEmbedder("azure", "text-embedding-3-small");
		Route large = Route.builder("large").group("openai/text-embedding-3-large").build();
		FallbackRouter router = router(List.of(large), openai, azure);

		EmbeddingResponse response = embed(router, EmbeddingRequest.of("a 1"));

		assertThat(router.embeddingSpaces()).containsExactly("text-embedding-3-small");
		assertThat(router.currentRoute().groups().get(0).targets()).extracting(RouteTarget::name)
			.containsExactly("openai/gpt-4o", "openai/text-embedding-3-small", "azure/text-embedding-3-small");
		assertThat(describe(response.attempts())).isEqualTo("UNSUPPORTED RATE_LIMITED SUCCEEDED@azure");
		assertThat(router.route("large").embeddingSpaces()).containsExactly("text-embedding-3-large");
	}

	@Test
	void aSpaceNamedOnAProviderWithoutEmbeddingsIsRefusedAtBuild() {
		ScriptedEmbedder anthropic = new ScriptedEmbedder("anthropic", "claude-sonnet-4-5").chatOnly();
		Route route = Route.builder("rag")
			.group(RouteGroup.ordered(RouteTarget.of("anthropic/claude-sonnet-4-5").withEmbeddingSpace("x")))
			.build();

		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> router(List.of(route), anthropic))
			.withMessageContaining("provider 'anthropic'")
			.withMessageContaining("serves no embeddings");
	}

	@Test
	void vectorsOfAnotherLengthThanAskedAreTheTargetsFailureAndNeverReturned() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small").answers(1536);
		ScriptedEmbedder azure = new ScriptedEmbedder("azure", "text-embedding-3-small").answers(256);
		FallbackRouter router = router(List.of(), openai, azure);
		EmbeddingRequest request = EmbeddingRequest.builder().input("a 1").dimensions(256).build();

		EmbeddingResponse response = embed(router, request);

		assertThat(describe(response.attempts())).isEqualTo("INVALID_RESPONSE SUCCEEDED@azure");
		assertThat(response.attempts().get(0).detail()).contains("1536 dimensions where 256 were asked");
		assertThat(response.dimensions()).isEqualTo(256);
	}

	@Test
	void whenNoTargetAnswersWithTheAskedLengthTheCallFails() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small").answers(1536);
		FallbackRouter router = router(List.of(), openai);

		AllProvidersFailedException failure = failure(router,
				EmbeddingRequest.builder().input("a 1").dimensions(256).build());

		assertThat(describe(failure.getAttempts())).isEqualTo("INVALID_RESPONSE");
	}

	@Test
	void aRouteWithoutEmbeddingModelsFailsWithoutACall() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "gpt-4o");
		FallbackRouter router = router(List.of(), openai);

		AllProvidersFailedException failure = failure(router, EmbeddingRequest.of("a 1"));

		assertThat(describe(failure.getAttempts())).isEqualTo("UNSUPPORTED");
		assertThat(router.embeddingSpaces()).isEmpty();
		assertThat(openai.received()).isEmpty();
	}

	@Test
	void inputsBeyondTheRoutesMaximumGoInBatchesReassembledInOrder() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small").maxInputs(4);
		ScriptedEmbedder azure = new ScriptedEmbedder("azure", "text-embedding-3-small").maxInputs(3);
		FallbackRouter router = router(List.of(), openai, azure);

		EmbeddingResponse response = embed(router, EmbeddingRequest.builder().inputs(inputs(8)).build());

		assertThat(response.vectors()).extracting((vector) -> vector[0])
			.containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
		assertThat(openai.received()).extracting((request) -> request.inputs().size())
			.as("batches of the smallest maximum of the route")
			.containsExactly(3, 3, 2);
		assertThat(response.usage()).isNotNull();
		assertThat(response.usage().promptTokens()).isEqualTo(8);
		assertThat(response.attempts()).hasSize(3);
	}

	@Test
	void laterBatchesFallBackWithinTheSpaceOfTheFirstBatchOnly() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small").maxInputs(2)
			.answers(4)
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedEmbedder mistral = new ScriptedEmbedder("mistral", "mistral-embed");
		ScriptedEmbedder azure = new ScriptedEmbedder("azure", "text-embedding-3-small");
		Route route = Route.builder("mixed")
			.group("openai/text-embedding-3-small")
			.group("mistral/mistral-embed")
			.group("azure/text-embedding-3-small")
			.allowMixedSpaces()
			.build();
		FallbackRouter router = router(List.of(route), openai, mistral, azure).route("mixed");

		EmbeddingResponse response = embed(router, EmbeddingRequest.builder().inputs(inputs(4)).build());

		assertThat(response.space()).isEqualTo("text-embedding-3-small");
		assertThat(response.vectors()).extracting((vector) -> vector[0]).containsExactly(0f, 1f, 2f, 3f);
		assertThat(describe(response.attempts())).isEqualTo("SUCCEEDED@openai RATE_LIMITED SUCCEEDED@azure");
		assertThat(mistral.received()).as("another space is never asked for a later batch").isEmpty();
	}

	@Test
	void aLaterBatchWithNoTargetLeftInItsSpaceFailsTheCallRatherThanMixSpaces() {
		ScriptedEmbedder openai = new ScriptedEmbedder("openai", "text-embedding-3-small").maxInputs(2)
			.answers(4)
			.fails(AttemptOutcome.RATE_LIMITED, Duration.ofSeconds(20));
		ScriptedEmbedder mistral = new ScriptedEmbedder("mistral", "mistral-embed");
		Route route = Route.builder("mixed")
			.group("openai/text-embedding-3-small", "mistral/mistral-embed")
			.allowMixedSpaces()
			.build();
		FallbackRouter router = router(List.of(route), openai, mistral).route("mixed");

		AllProvidersFailedException failure = failure(router, EmbeddingRequest.builder().inputs(inputs(4)).build());

		assertThat(describe(failure.getAttempts())).isEqualTo("RATE_LIMITED");
		assertThat(mistral.received()).isEmpty();
	}

	private static List<String> inputs(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "text " + i).toList();
	}

	private FallbackRouter router(List<Route> routes, LlmProvider... providers) {
		List<ProviderPolicies> policies = new ArrayList<>();
		for (LlmProvider provider : providers) {
			policies.add(new ProviderPolicies(provider, VirtualRouting.RETRY, VirtualRouting.COOLDOWN,
					VirtualRouting.TIMEOUTS));
		}
		return this.routing.router(routes, List.of(), policies.toArray(ProviderPolicies[]::new));
	}

	private EmbeddingResponse embed(FallbackRouter router, EmbeddingRequest request) {
		AtomicReference<@Nullable EmbeddingResponse> answer = new AtomicReference<>();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		router.embed(request).subscribe(answer::set, failure::set);
		this.routing.advanceUntil(() -> answer.get() != null || failure.get() != null);
		assertThat(failure.get()).isNull();
		return answer.get();
	}

	private AllProvidersFailedException failure(FallbackRouter router, EmbeddingRequest request) {
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		router.embed(request).subscribe((answer) -> {
		}, failure::set);
		this.routing.advanceUntil(() -> failure.get() != null);
		assertThat(failure.get()).isInstanceOf(AllProvidersFailedException.class);
		return (AllProvidersFailedException) failure.get();
	}

}
