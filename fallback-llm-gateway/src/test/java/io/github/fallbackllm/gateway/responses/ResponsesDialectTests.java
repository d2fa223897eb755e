package io.github.fallbackllm.gateway.responses;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatMessage;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.ToolCall;
import io.github.fallbackllm.gateway.ImageUrls;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code previous_response_id} with and without the response store.
 *
 * @author Fallback LLM contributors
 */
class ResponsesDialectTests {

	private final InMemoryResponseStore store = new InMemoryResponseStore(1_000_000);

	private final ResponsesDialect dialect = new ResponsesDialect(new ImageUrls(false), this.store);

	@Test
	void withoutTheStoreAPreviousResponseIdIsRefusedSayingWhatToDoInstead() {
		ResponsesDialect stateless = new ResponsesDialect(new ImageUrls(false), null);

		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> stateless
				.read(body("{\"input\":\"And now?\",\"previous_response_id\":\"resp_1\"}"), HttpHeaders.EMPTY)
				.block())
			.satisfies((ex) -> {
				assertThat(ex.getParam()).isEqualTo("previous_response_id");
				assertThat(ex.getMessage()).contains("send the whole conversation in input")
					.contains("llm.fallback.gateway.responses.store");
			});
	}

	@Test
	void aStoreThatCannotBeReadIsAServiceUnavailableNotAnUnknownResponse() {
		ResponsesDialect unreadable = new ResponsesDialect(new ImageUrls(false), new FailingStore());

		assertThatExceptionOfType(ResponseStatusException.class)
			.isThrownBy(() -> unreadable
				.read(body("{\"input\":\"And now?\",\"previous_response_id\":\"resp_1\"}"), HttpHeaders.EMPTY)
				.block())
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(ex.getReason()).contains("response store could not be read");
			});
	}

	@Test
	void anAnswerTheStoreCannotKeepIsStillAnswered() {
		ResponsesDialect unwritable = new ResponsesDialect(new ImageUrls(false), new FailingStore());
		ResponsesCall call = unwritable.read(body("{\"input\":\"Hi\"}"), HttpHeaders.EMPTY).block();

		byte[] answer = unwritable
			.answer(call, new ChatResponse("Hello", List.of(), "p", "m", FinishReason.STOP, null, List.of()))
			.block();

		assertThat(new String(answer, StandardCharsets.UTF_8)).contains("\"Hello\"");
	}

	@Test
	void anAnswerIsStoredAndTheNextRequestContinuesItsConversation() {
		ResponsesCall first = read("{\"instructions\":\"Be brief.\",\"input\":\"Weather in Oslo?\"}");
		this.dialect
			.answer(first,
					new ChatResponse("", List.of(new ToolCall("call_A", "get_weather", "{}")), "p", "m",
							FinishReason.TOOL_CALLS, null, List.of()))
			.block();

		ResponsesCall second = read("{\"previous_response_id\":\"" + first.id() + "\",\"instructions\":\"Be kind.\","
				+ "\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"call_A\",\"output\":\"4 degrees\"}]}");

		assertThat(second.chatRequest().messages()).containsExactly(ChatMessage.system("Be kind."),
				ChatMessage.user("Weather in Oslo?"),
				ChatMessage.assistant("", List.of(new ToolCall("call_A", "get_weather", "{}"))),
				ChatMessage.toolResult("call_A", "4 degrees"));
	}

	@Test
	void aStreamedAnswerIsStoredBeforeItsLastEventIsWritten() {
		ResponsesCall first = read("{\"input\":\"Hi\",\"stream\":true}");

		this.dialect
			.stream(first,
					Flux.just(ChatChunk.text("Hello", "p", "m"), ChatChunk.last("p", "m", FinishReason.STOP, null)))
			.blockLast();

		assertThat(this.store.conversation(first.id()).block()).containsExactly(ChatMessage.user("Hi"),
				ChatMessage.assistant("Hello"));
	}

	@Test
	void aResponseTheClientAsksNotToStoreIsNotStored() {
		ResponsesCall call = read("{\"input\":\"Hi\",\"store\":false}");

		this.dialect.answer(call, new ChatResponse("Hello", "p", "m", FinishReason.STOP, null, List.of())).block();

		assertThat(this.store.size()).isZero();
	}

	@Test
	void anUnknownPreviousResponseIdIsRefused() {
		assertThatExceptionOfType(ResponsesRequestException.class)
			.isThrownBy(() -> read("{\"input\":\"Hi\",\"previous_response_id\":\"resp_gone\"}"))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(ResponsesRequestException.PREVIOUS_RESPONSE_NOT_FOUND);
				assertThat(ex.getMessage()).contains("'resp_gone' is not stored in this gateway");
			});
	}

	private ResponsesCall read(String json) {
		return this.dialect.read(body(json), HttpHeaders.EMPTY).block();
	}

	private static byte[] body(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static final class FailingStore implements ResponseStore {

		@Override
		public Mono<List<ChatMessage>> conversation(String responseId) {
			return Mono.error(new IllegalStateException("Redis is out"));
		}

		@Override
		public Mono<Void> save(String responseId, List<ChatMessage> conversation) {
			return Mono.error(new IllegalStateException("Redis is out"));
		}

	}

}
