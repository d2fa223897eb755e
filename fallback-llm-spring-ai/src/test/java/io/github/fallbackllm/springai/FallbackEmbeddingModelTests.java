package io.github.fallbackllm.springai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link FallbackEmbeddingModel} and a Spring AI {@link SimpleVectorStore} on it, against
 * WireMock stubs of two OpenAI-format providers serving the same embedding model: the
 * primary rate-limited, the secondary answering.
 */
class FallbackEmbeddingModelTests {

	static final String KEY = "sk-proj-test0123456789abcdefOPENAI";

	static final String EMBEDDINGS = "/v1/embeddings";

	static final String MODEL = "text-embedding-3-small";

	@RegisterExtension
	static WireMockExtension primary = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension secondary = ProviderStubs.server();

	@Test
	void callFallsBackPastARateLimitToTheSameSpace() {
		rateLimitPrimary();
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[1.0, 0.0, 0.0]", "[0.0, 1.0, 0.0]"))));

		EmbeddingResponse response = model(chain()).call(new EmbeddingRequest(List.of("cats", "dogs"), null));

		assertThat(response.getResults()).extracting((embedding) -> embedding.getIndex()).containsExactly(0, 1);
		assertThat(response.getResults().get(1).getOutput()).containsExactly(0f, 1f, 0f);
		assertThat(response.getMetadata().getModel()).isEqualTo(MODEL);
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(4);
		assertThat(response.getMetadata().<String>get(FallbackChatModel.PROVIDER_METADATA_KEY)).isEqualTo("secondary");
		assertThat(response.getMetadata().<String>get(FallbackEmbeddingModel.SPACE_METADATA_KEY)).isEqualTo(MODEL);
		List<Attempt> attempts = response.getMetadata().get(FallbackChatModel.ATTEMPTS_METADATA_KEY);
		assertThat(attempts).extracting(Attempt::target, Attempt::outcome)
			.containsExactly(tuple("primary/" + MODEL, AttemptOutcome.RATE_LIMITED),
					tuple("secondary/" + MODEL, AttemptOutcome.SUCCEEDED));
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void simpleVectorStoreAddsAndSearchesThroughTheChainWhileThePrimaryFails() {
		rateLimitPrimary();
		stubVector("Cats purr.", "[1.0, 0.0, 0.0]");
		stubVector("Dogs bark.", "[0.0, 1.0, 0.0]");
		stubVector("Fish swim.", "[0.0, 0.0, 1.0]");
		stubVector("Which pet barks?", "[0.1, 0.9, 0.1]");
		// The store's observation asks the model for its dimensions: one probe, once.
		secondary.stubFor(post(EMBEDDINGS).atPriority(10).willReturn(ok(vectors("[0.5, 0.5, 0.5]"))));
		SimpleVectorStore store = SimpleVectorStore.builder(model(chain())).build();

		store.add(List.of(new Document("cats", "Cats purr.", Map.of()), new Document("dogs", "Dogs bark.", Map.of()),
				new Document("fish", "Fish swim.", Map.of())));
		List<Document> found = store
			.similaritySearch(SearchRequest.builder().query("Which pet barks?").topK(1).build());

		assertThat(found).extracting(Document::getId).containsExactly("dogs");
		// Cooling down after its 429, the primary is skipped by the search without a
		// call.
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void optionsNameTheRouteAndTheDimensions() {
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		FallbackChatService chain = chain(
				Route.builder("docs").aliases("doc-embeddings").group("secondary/" + MODEL).build());

		EmbeddingResponse response = model(chain).call(new EmbeddingRequest(List.of("cats"),
				EmbeddingOptions.builder().model("doc-embeddings").dimensions(2).build()));

		assertThat(response.getResult().getOutput()).containsExactly(0.6f, 0.8f);
		secondary.verify(postRequestedFor(urlEqualTo(EMBEDDINGS))
			.withRequestBody(matchingJsonPath("$.dimensions", equalTo("2"))));
		primary.verify(0, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void aModelThatIsTheRoutesSpaceIsServedAndAnyOtherRefusedWithoutACall() {
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		primary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		FallbackEmbeddingModel model = model(chain());

		assertThat(model.call(new EmbeddingRequest(List.of("cats"), EmbeddingOptions.builder().model(MODEL).build()))
			.getResult()
			.getOutput()).containsExactly(0.6f, 0.8f);
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> model.call(new EmbeddingRequest(List.of("cats"),
					EmbeddingOptions.builder().model("text-embedding-3-large").build())))
			.withMessageContaining("No route answers to model 'text-embedding-3-large'")
			.withMessageContaining("[" + MODEL + "]");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> new FallbackEmbeddingModel(chain().embeddings(),
					EmbeddingOptions.builder().model("text-embedding-3-large").build()));
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void aVectorOfAnotherLengthThanAskedIsNeverReturned() {
		primary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.1, 0.2, 0.3]"))));
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.6, 0.8]"))));
		FallbackEmbeddingModel model = new FallbackEmbeddingModel(chain().embeddings(),
				EmbeddingOptions.builder().dimensions(2).build());

		assertThat(model.embed("cats")).containsExactly(0.6f, 0.8f);
		assertThat(model.dimensions()).isEqualTo(2);
	}

	@Test
	void dimensionsAreTheFirstAnswersLengthAskedOnce() {
		secondary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.0, 0.6, 0.8]"))));
		primary.stubFor(post(EMBEDDINGS).willReturn(ok(vectors("[0.0, 0.6, 0.8]"))));
		FallbackEmbeddingModel model = model(chain());

		assertThat(model.dimensions()).isEqualTo(3);
		assertThat(model.dimensions()).isEqualTo(3);
		primary.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)));
	}

	@Test
	void aCallThatNoTargetAnsweredIsNotTransient() {
		rateLimitPrimary();
		secondary.stubFor(post(EMBEDDINGS)
			.willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))));

		assertThatExceptionOfType(NonTransientAiException.class).isThrownBy(() -> model(chain()).embed("cats"))
			.withCauseInstanceOf(AllProvidersFailedException.class);
	}

	private static void stubVector(String text, String vector) {
		secondary.stubFor(post(EMBEDDINGS).withRequestBody(containing(text)).willReturn(ok(vectors(vector))));
	}

	private static void rateLimitPrimary() {
		primary.stubFor(post(EMBEDDINGS)
			.willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Rate limit reached"))
				.withHeader("Retry-After", "20")));
	}

	private static FallbackChatService chain(Route... routes) {
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.timeout(Duration.ofSeconds(20))
			.provider(ProviderStubs.policies(ProviderStubs.openAi("primary", primary, KEY, MODEL)))
			.provider(ProviderStubs.policies(ProviderStubs.openAi("secondary", secondary, KEY, MODEL)));
		for (Route route : routes) {
			builder.route(route);
		}
		return builder.build();
	}

	private static FallbackEmbeddingModel model(FallbackChatService chain) {
		return new FallbackEmbeddingModel(chain.embeddings());
	}

	/** An OpenAI embeddings answer with these vectors, in order. */
	static String vectors(String... vectors) {
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
