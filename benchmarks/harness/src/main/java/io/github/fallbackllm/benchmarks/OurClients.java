package io.github.fallbackllm.benchmarks;

import java.util.List;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.metrics.MeterFallbackListener;
import io.github.fallbackllm.metrics.TokenUsageMeterObservationHandler;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * This library as an application builds it without Spring: OpenAI providers on
 * {@code WebClient.builder()} and a {@link FallbackChatService} with default retry,
 * cooldown and timeouts.
 *
 * @author Fallback LLM contributors
 */
final class OurClients {

	/** The conversation of {@link CannedChat}. */
	static final ChatRequest REQUEST = ChatRequest.builder().system(CannedChat.SYSTEM).user(CannedChat.USER).build();

	/** The library's default for {@code max-response-size}. */
	private static final int MAX_RESPONSE_BYTES = (int) DataSize.ofMegabytes(10).toBytes();

	private OurClients() {
	}

	static OpenAiLlmProvider provider(String name, String baseUrl) {
		return provider(name, baseUrl, CannedChat.MODEL);
	}

	static OpenAiLlmProvider provider(String name, String baseUrl, String model) {
		return new OpenAiLlmProvider(
				new ProviderSettings(name, baseUrl, CannedChat.API_KEY, List.of(model), Map.of(), MAX_RESPONSE_BYTES),
				WebClient.builder());
	}

	/**
	 * Build a service over one provider, or two.
	 * @param baseUrl the primary's base URL
	 * @param secondaryBaseUrl the secondary's base URL, or {@code null} for none
	 * @return the service
	 */
	static FallbackChatService service(String baseUrl, @Nullable String secondaryBaseUrl) {
		return service(baseUrl, secondaryBaseUrl, new InMemoryTargetStateStore());
	}

	/**
	 * Build a service over one provider, or two, on the given state store.
	 * @param baseUrl the primary's base URL
	 * @param secondaryBaseUrl the secondary's base URL, or {@code null} for none
	 * @param stateStore where target states live
	 * @return the service
	 */
	static FallbackChatService service(String baseUrl, @Nullable String secondaryBaseUrl, TargetStateStore stateStore) {
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.provider(provider("primary", baseUrl))
			.stateStore(stateStore);
		if (secondaryBaseUrl != null) {
			builder.provider(provider("secondary", secondaryBaseUrl));
		}
		return builder.build();
	}

	/**
	 * Build a service over one provider, observed as Spring Boot's actuator would observe
	 * it.
	 * @param baseUrl the provider's base URL
	 * @return the service
	 * @see #observed(FallbackChatService.Builder)
	 */
	static FallbackChatService observedService(String baseUrl) {
		return observed(FallbackChatService.builder().provider(provider("primary", baseUrl))).build();
	}

	/**
	 * Observe a service as Spring Boot's actuator would: a registry whose meter handler
	 * times calls and attempts, the token meters, and the meter listener.
	 * @param builder the service's builder
	 * @return the builder
	 */
	static FallbackChatService.Builder observed(FallbackChatService.Builder builder) {
		MeterRegistry meters = new SimpleMeterRegistry();
		return builder.observationRegistry(observationRegistry(meters)).listener(new MeterFallbackListener(meters));
	}

	/**
	 * Return an observation registry as Spring Boot's actuator sets one up: a meter
	 * handler that times observations, and the token meters.
	 * @param meters where meters go
	 * @return the registry
	 */
	static ObservationRegistry observationRegistry(MeterRegistry meters) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(meters))
			.observationHandler(new TokenUsageMeterObservationHandler(meters));
		return registry;
	}

}
