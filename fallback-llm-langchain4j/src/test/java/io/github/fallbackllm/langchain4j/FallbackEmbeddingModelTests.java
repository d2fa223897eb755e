package io.github.fallbackllm.langchain4j;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.langchain4j.Chains.OPENAI_KEY;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link FallbackEmbeddingModel} through LangChain4j's {@link EmbeddingModel} API and an
 * {@link InMemoryEmbeddingStore}, against WireMock stubs of two OpenAI-format providers
 * serving the same embedding model: the primary rate-limited, the secondary answering.
 */
class FallbackEmbeddingModelTests {

	static final String EMBEDDINGS = "/v1/embeddings";

	static final String MODEL = "text-embedding-3-small";

	@RegisterExtension
	static WireMockExtension primary = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension secondary = ProviderStubs.server();

	@Test
	void embedAllFallsBackPastARateLimitToTheSameSpace() {
		rateLimit(primary);
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[1.0, 0.0]", "[0.0, 1.0]"))));
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		Response<List<Embedding>> response = model
			.embedAll(List.of(TextSegment.from("cats"), TextSegment.from("dogs")));

		assertThat(response.content()).extracting(Embedding::vector)
			.containsExactly(new float[] { 1f, 0f }, new float[] { 0f, 1f });
		assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(4);
		assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(4);
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void theAnswersMetadataNamesProviderSpaceAndAttempts() {
		rateLimit(primary);
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[1.0, 0.0]"))));
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		EmbeddingResponse response = model.embed(EmbeddingRequest.builder().input("cats").build());

		FallbackEmbeddingResponseMetadata metadata = (FallbackEmbeddingResponseMetadata) response.metadata();
		assertThat(metadata.provider()).isEqualTo("secondary");
		assertThat(metadata.space()).isEqualTo(MODEL);
		assertThat(metadata.modelName()).isEqualTo(MODEL);
		assertThat(metadata.attempts()).extracting(Attempt::target, Attempt::outcome)
			.containsExactly(tuple("primary/" + MODEL, AttemptOutcome.RATE_LIMITED),
					tuple("secondary/" + MODEL, AttemptOutcome.SUCCEEDED));
	}

	@Test
	void anInMemoryStoreAddsAndSearchesThroughTheChainWhileThePrimaryFails() {
		rateLimit(primary);
		secondary.stubFor(post(EMBEDDINGS).withRequestBody(containing("Cats purr."))
			.willReturn(ok(vectors("[1.0, 0.0, 0.0]", "[0.0, 1.0, 0.0]", "[0.0, 0.0, 1.0]"))));
		secondary.stubFor(post(EMBEDDINGS).withRequestBody(containing("Which pet barks?"))
			.willReturn(ok(vectors("[0.1, 0.9, 0.1]"))));
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();
		InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
		List<TextSegment> segments = List.of(TextSegment.from("Cats purr."), TextSegment.from("Dogs bark."),
				TextSegment.from("Fish swim."));

		store.addAll(model.embedAll(segments).content(), segments);
		List<EmbeddingMatch<TextSegment>> matches = store
			.search(EmbeddingSearchRequest.builder()
				.queryEmbedding(model.embed("Which pet barks?").content())
				.maxResults(1)
				.build())
			.matches();

		assertThat(matches).extracting((match) -> match.embedded().text()).containsExactly("Dogs bark.");
		// Cooling down after its 429, the primary is skipped by the search without a
		// call.
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void theModelNamesTheRouteAndDimensionsAreAskedOfEveryTarget() {
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		FallbackChatService chain = chain(
				Route.builder("docs").aliases("doc-embeddings").group("secondary/" + MODEL).build());
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain.embeddings())
			.model("doc-embeddings")
			.dimensions(2)
			.build();

		assertThat(model.embed("cats").content().vector()).containsExactly(0.6f, 0.8f);
		assertThat(model.dimension()).isEqualTo(2);
		assertThat(model.modelName()).isEqualTo("doc-embeddings");
		secondary.verify(postRequestedFor(urlEqualTo(EMBEDDINGS))
			.withRequestBody(matchingJsonPath("$.dimensions", equalTo("2"))));
		primary.verify(0, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void aModelThatIsTheRoutesSpaceIsServedAndAnyOtherRefusedWithoutACall() {
		primary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		assertThat(model.embed(EmbeddingRequest.builder().input("cats").modelName(MODEL).build()).embeddings())
			.singleElement()
			.satisfies((embedding) -> assertThat(embedding.vector()).containsExactly(0.6f, 0.8f));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(
				() -> model.embed(EmbeddingRequest.builder().input("cats").modelName("text-embedding-3-large").build()))
			.withMessageContaining("No route answers to model 'text-embedding-3-large'");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(
				() -> FallbackLangChain4j.embeddingModel(chain().embeddings()).model("text-embedding-3-large").build());
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void dimensionIsTheFirstAnswersLengthAskedOnce() {
		primary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.0, 0.6, 0.8]"))));
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		assertThat(model.dimension()).isEqualTo(3);
		assertThat(model.dimension()).isEqualTo(3);
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void aCallThatNoTargetAnsweredTakesTheKindOfItsLastFailure() {
		rateLimit(primary);
		rateLimit(secondary);
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> model.embed("cats"))
			.withCauseInstanceOf(AllProvidersFailedException.class);
	}

	@Test
	void anInputTypeIsRefusedBeforeAnyCall() {
		EmbeddingModel model = FallbackLangChain4j.embeddingModel(chain().embeddings()).build();

		assertThatExceptionOfType(UnsupportedFeatureException.class).isThrownBy(
				() -> model.embed(EmbeddingRequest.builder().input("cats").inputType(EmbeddingInputType.QUERY).build()))
			.withMessageContaining("inputType");
		primary.verify(0, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	private static void rateLimit(WireMockExtension server) {
		server.stubFor(post(EMBEDDINGS)
			.willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("Retry-After", "20")));
	}

	private static FallbackChatService chain(Route... routes) {
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.timeout(Duration.ofSeconds(20))
			.provider(ProviderStubs.policies(ProviderStubs.openAi("primary", primary, OPENAI_KEY, MODEL)))
			.provider(ProviderStubs.policies(ProviderStubs.openAi("secondary", secondary, OPENAI_KEY, MODEL)));
		for (Route route : routes) {
			builder.route(route);
		}
		return builder.build();
	}

	/** An OpenAI embeddings answer with these vectors, in order. */
	private static String vectors(String... vectors) {
		StringBuilder data = new StringBuilder();
		for (int i = 0; i < vectors.length; i++) {
			data.append((i > 0) ? "," : "")
				.append("{\"object\":\"embedding\",\"index\":")
				.append(i)
				.append(",\"embedding\":")
				.append(vectors[i])
				.append('}');
		}
		return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + MODEL
				+ "\",\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}";
	}

}
