package io.github.fallbackllm.testsupport;

import java.util.List;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A provider without HTTP, of a given type, on host {@code <name>.example.com}: one
 * model, {@code <name>-model}, that answers, or fails with one outcome, every time.
 */
public final class InMemoryProvider implements LlmProvider {

	private final String name;

	private final String type;

	private final Supplier<Flux<ChatChunk>> chunks;

	private InMemoryProvider(String name, String type, Supplier<Flux<ChatChunk>> chunks) {
		this.name = name;
		this.type = type;
		this.chunks = chunks;
	}

	/** A provider whose model answers "hello" as {@code <name>-model-v1}, with usage. */
	public static InMemoryProvider answering(String name, String type) {
		String reported = name + "-model-v1";
		return new InMemoryProvider(name, type,
				() -> Flux.just(ChatChunk.text("hel", name, reported), ChatChunk.text("lo", name, reported),
						ChatChunk.last(name, reported, FinishReason.STOP, new TokenUsage(12, 3))));
	}

	/** A provider whose model fails with the outcome. */
	public static InMemoryProvider failing(String name, String type, AttemptOutcome outcome) {
		return new InMemoryProvider(name, type, () -> Flux.error(ProviderException.of(outcome, "scripted " + outcome)));
	}

	/** A provider whose stream breaks with a server error after its first chunk. */
	public static InMemoryProvider breakingAfterFirstChunk(String name, String type) {
		return new InMemoryProvider(name, type, () -> Flux.concat(Flux.just(ChatChunk.text("hel", name, name + "-v1")),
				Flux.error(ProviderException.of(AttemptOutcome.SERVER_ERROR, "connection reset"))));
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String type() {
		return this.type;
	}

	@Override
	public String serverAddress() {
		return this.name + ".example.com";
	}

	@Override
	public List<String> models() {
		return List.of(this.name + "-model");
	}

	@Override
	public Mono<ChatResponse> chat(String model, ChatRequest request) {
		return this.chunks.get().collectList().map((chunks) -> {
			StringBuilder content = new StringBuilder();
			chunks.forEach((chunk) -> content.append(chunk.text()));
			ChatChunk last = chunks.get(chunks.size() - 1);
			return new ChatResponse(content.toString(), this.name, last.model(), FinishReason.STOP, last.usage(),
					List.of());
		});
	}

	@Override
	public Flux<ChatChunk> stream(String model, ChatRequest request) {
		return this.chunks.get();
	}

}
