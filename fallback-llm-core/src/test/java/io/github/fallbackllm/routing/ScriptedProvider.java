package io.github.fallbackllm.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.chat.ChatChunk;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A provider in memory that plays a script, one step per call, then repeats its last
 * step. No HTTP: the routing rules are tested on their own.
 *
 * @author Fallback LLM contributors
 */
final class ScriptedProvider implements LlmProvider {

	private final String name;

	private final List<String> models;

	private final Deque<Supplier<Flux<ChatChunk>>> steps = new ArrayDeque<>();

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger cancellations = new AtomicInteger();

	private Supplier<Flux<ChatChunk>> last = () -> answer("ok");

	private Set<Capability> capabilities = Capability.ALL;

	ScriptedProvider(String name, String... models) {
		this.name = name;
		this.models = List.of(models);
	}

	/** Answer with the given text. */
	ScriptedProvider answers(String text) {
		return then(() -> answer(text));
	}

	/** Answer with the given text after a delay. */
	ScriptedProvider answersAfter(Duration delay, String text) {
		return then(() -> Flux.<ChatChunk>empty().delaySubscription(delay).concatWith(answer(text)));
	}

	/** Stream chunks of text, the first after a delay, then one every interval. */
	ScriptedProvider streams(Duration first, Duration every, String... texts) {
		return then(() -> Flux.fromArray(texts)
			.delayElements(every)
			.delaySubscription(first.minus(every))
			.map((text) -> ChatChunk.text(text, this.name, this.models.get(0)))
			.concatWith(
					Flux.just(ChatChunk.last(this.name, this.models.get(0), FinishReason.STOP, new TokenUsage(1, 1)))));
	}

	/** Fail with a classified error after a delay. */
	ScriptedProvider failsAfter(Duration delay, AttemptOutcome outcome) {
		return then(() -> Flux.<ChatChunk>error(ProviderException.of(outcome, outcome.description()))
			.delaySubscription(delay));
	}

	/** Fail with a classified error. */
	ScriptedProvider fails(AttemptOutcome outcome) {
		return fails(outcome, null);
	}

	/** Fail with a classified error carrying a {@code Retry-After}. */
	ScriptedProvider fails(AttemptOutcome outcome, @Nullable Duration retryAfter) {
		return then(
				() -> Flux.error(new ProviderException(outcome, 400, null, outcome.description(), retryAfter, null)));
	}

	/** Stream one chunk of text, then break. */
	ScriptedProvider breaksAfterFirstChunk() {
		return then(() -> Flux.concat(Flux.just(ChatChunk.text("partial", this.name, this.models.get(0))),
				Flux.error(ProviderException.of(AttemptOutcome.NETWORK_ERROR, "connection reset"))));
	}

	/** Throw from the provider method itself instead of returning an error signal. */
	ScriptedProvider throwsSynchronously() {
		return then(() -> {
			throw new IllegalStateException("provider bug");
		});
	}

	/** Support only the given capabilities. */
	ScriptedProvider supportsOnly(Capability... capabilities) {
		this.capabilities = Set.of(capabilities);
		return this;
	}

	private ScriptedProvider then(Supplier<Flux<ChatChunk>> step) {
		this.steps.add(step);
		this.last = step;
		return this;
	}

	int calls() {
		return this.calls.get();
	}

	/** The calls the router cancelled before they ended. */
	int cancellations() {
		return this.cancellations.get();
	}

	private Flux<ChatChunk> answer(String text) {
		return Flux.just(ChatChunk.text(text, this.name, this.models.get(0)),
				ChatChunk.last(this.name, this.models.get(0), FinishReason.STOP, new TokenUsage(1, 1)));
	}

	private synchronized Flux<ChatChunk> next() {
		this.calls.incrementAndGet();
		Supplier<Flux<ChatChunk>> step = this.steps.isEmpty() ? this.last : this.steps.poll();
		return step.get().doOnCancel(this.cancellations::incrementAndGet);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public List<String> models() {
		return this.models;
	}

	@Override
	public Set<Capability> capabilities() {
		return this.capabilities;
	}

	@Override
	public reactor.core.publisher.Mono<ChatResponse> chat(String model, ChatRequest request) {
		return next().collectList().map((chunks) -> {
			StringBuilder text = new StringBuilder();
			chunks.forEach((chunk) -> text.append(chunk.text()));
			return new ChatResponse(text.toString(), this.name, model, FinishReason.STOP, new TokenUsage(1, 1),
					List.of());
		});
	}

	@Override
	public Flux<ChatChunk> stream(String model, ChatRequest request) {
		return next();
	}

}
