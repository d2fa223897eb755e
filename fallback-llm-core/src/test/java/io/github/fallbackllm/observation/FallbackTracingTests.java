package io.github.fallbackllm.observation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces of a call with Micrometer's test tracer: attempt spans under the call's span,
 * and each provider's HTTP exchange, observed by its {@code WebClient}, under its
 * attempt.
 */
class FallbackTracingTests {

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	@Test
	void attemptSpansAreChildrenOfTheCallSpanAndParentsOfTheirHttpExchange() {
		openai.stubFor(post("/v1/chat/completions")
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
		anthropic.stubFor(post("/v1/messages").willReturn(ok(anthropicMessage("claude-3-5-haiku-20241022", "Hi!"))));
		SimpleTracer tracer = new SimpleTracer();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		WebClient.Builder webClient = WebClient.builder().observationRegistry(registry);
		FallbackChatService service = FallbackChatService.builder()
			.provider(new OpenAiLlmProvider(
					ProviderStubs.settings("primary", openai.baseUrl() + "/v1", "sk-test", "gpt-4o-mini"),
					webClient.clone()))
			.provider(new AnthropicLlmProvider(
					ProviderStubs.settings("secondary", anthropic.baseUrl() + "/v1", "sk-ant-test", "claude-3-5-haiku"),
					webClient.clone()))
			.observationRegistry(registry)
			.build();

		assertThat(service.chat("Hello")).isEqualTo("Hi!");

		List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
		Map<String, SimpleSpan> byName = spans.stream()
			.collect(Collectors.toMap(SimpleSpan::getName, Function.identity(), (first, second) -> first));
		assertThat(spans).extracting(SimpleSpan::getName)
			.containsExactlyInAnyOrder("fallback chat", "chat gpt-4o-mini", "chat claude-3-5-haiku", "http post",
					"http post");
		SimpleSpan call = byName.get("fallback chat");
		SimpleSpan failed = byName.get("chat gpt-4o-mini");
		SimpleSpan answered = byName.get("chat claude-3-5-haiku");
		assertThat(spans).extracting(SimpleSpan::getTraceId).containsOnly(call.getTraceId());
		assertThat(failed.getParentId()).isEqualTo(call.getSpanId());
		assertThat(answered.getParentId()).isEqualTo(call.getSpanId());
		assertThat(failed.getTags()).containsEntry("error.type", "rate_limited")
			.containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("server.address", "localhost");
		assertThat(answered.getTags()).containsEntry("gen_ai.response.model", "claude-3-5-haiku-20241022")
			.containsEntry("gen_ai.usage.input_tokens", "12")
			.containsEntry("gen_ai.usage.output_tokens", "9")
			.doesNotContainKey("error.type");
		List<SimpleSpan> exchanges = spans.stream().filter((span) -> span.getName().equals("http post")).toList();
		assertThat(exchanges).extracting(SimpleSpan::getParentId)
			.containsExactlyInAnyOrder(failed.getSpanId(), answered.getSpanId());
		assertThat(call.getTags()).containsEntry("outcome", "served").containsEntry("hops", "1");
	}

}
