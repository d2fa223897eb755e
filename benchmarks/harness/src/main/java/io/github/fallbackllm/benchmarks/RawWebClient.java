package io.github.fallbackllm.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The baseline: a hand-written OpenAI call on a plain {@link WebClient}, doing the work
 * any client must do and nothing more. It is built from {@code WebClient.builder()}, as
 * the library's providers are, so both share Reactor Netty's default connector and
 * connection pool; it serializes the same conversation with the same Jackson mapper to
 * bytes, and parses the whole response into a tree from which it reads the content,
 * model, finish reason and usage, as the library does. It has no retry, no timeout and no
 * error classification.
 *
 * @author Fallback LLM contributors
 */
final class RawWebClient {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static final Body BODY = new Body(CannedChat.MODEL,
			List.of(new Message("system", CannedChat.SYSTEM), new Message("user", CannedChat.USER)), null);

	private static final EmbeddingBody EMBEDDING_BODY = new EmbeddingBody(EmbeddingScenario.MODEL,
			EmbeddingScenario.TEXTS, "base64");

	private static final Body STREAM_BODY = new Body(CannedChat.MODEL, BODY.messages(), Boolean.TRUE);

	private final WebClient webClient;

	RawWebClient(String baseUrl) {
		this.webClient = WebClient.builder()
			.baseUrl(baseUrl)
			.defaultHeaders((headers) -> headers.setBearerAuth(CannedChat.API_KEY))
			.build();
	}

	Mono<Answer> chat() {
		return this.webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(BODY))
			.retrieve()
			.bodyToMono(byte[].class)
			.map(RawWebClient::read);
	}

	/**
	 * Stream the answer: one item per non-empty content delta.
	 */
	Flux<String> stream() {
		return this.webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.bodyValue(JSON.writeValueAsBytes(STREAM_BODY))
			.retrieve()
			.bodyToFlux(EVENTS)
			.takeWhile((event) -> !"[DONE]".equals(event.data()))
			.handle((event, sink) -> {
				String data = event.data();
				if (data != null && !data.isBlank()) {
					String text = JSON.readTree(data)
						.path("choices")
						.path(0)
						.path("delta")
						.path("content")
						.asString("");
					if (!text.isEmpty()) {
						sink.next(text);
					}
				}
			});
	}

	/**
	 * Embed the scenario's texts: vectors asked for in base64, as OpenAI's SDKs ask, read
	 * from a tree and decoded into {@code float[]}s placed by their index.
	 */
	Mono<List<float[]>> embed() {
		return this.webClient.post()
			.uri("/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(EMBEDDING_BODY))
			.retrieve()
			.bodyToMono(byte[].class)
			.map(RawWebClient::readEmbeddings);
	}

	private static List<float[]> readEmbeddings(byte[] body) {
		JsonNode data = JSON.readTree(body).path("data");
		float[][] vectors = new float[data.size()][];
		for (JsonNode item : data) {
			FloatBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(item.path("embedding").asString()))
				.order(ByteOrder.LITTLE_ENDIAN)
				.asFloatBuffer();
			float[] vector = new float[floats.remaining()];
			floats.get(vector);
			vectors[item.path("index").asInt()] = vector;
		}
		return Arrays.asList(vectors);
	}

	private static Answer read(byte[] body) {
		JsonNode json = JSON.readTree(body);
		JsonNode choice = json.path("choices").path(0);
		JsonNode usage = json.path("usage");
		return new Answer(choice.path("message").path("content").asString(""), json.path("model").asString(""),
				choice.path("finish_reason").asString(""), usage.path("prompt_tokens").asInt(0),
				usage.path("completion_tokens").asInt(0));
	}

	record Answer(String content, String model, String finishReason, int promptTokens, int completionTokens) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Body(String model, List<Message> messages, @Nullable Boolean stream) {
	}

	record Message(String role, String content) {
	}

	record EmbeddingBody(String model, List<String> input, @JsonProperty("encoding_format") String encodingFormat) {
	}

}
