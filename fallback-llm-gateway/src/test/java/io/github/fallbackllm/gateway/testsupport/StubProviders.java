package io.github.fallbackllm.gateway.testsupport;

import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain of two WireMock providers for an application with the gateway:
 * {@value #PRIMARY}, OpenAI format, then {@value #SECONDARY}, Anthropic format, each with
 * an API key that must never leak; and the bodies they answer with, in the providers'
 * documented formats.
 */
public final class StubProviders {

	public static final String PRIMARY = "primary";

	public static final String PRIMARY_MODEL = "gpt-4o-mini";

	public static final String PRIMARY_KEY = "sk-proj-PRIMARYsecret0123456789abcdef";

	public static final String SECONDARY = "secondary";

	public static final String SECONDARY_MODEL = "claude-sonnet-4-5";

	/** What the secondary reports as the model that answered, as Anthropic does. */
	public static final String SECONDARY_REPORTED_MODEL = "claude-sonnet-4-5-20250929";

	public static final String SECONDARY_KEY = "sk-ant-SECONDARYsecret";

	private StubProviders() {
	}

	/**
	 * Start a stub provider on a free port. It serves until the test JVM ends, so that
	 * test classes can share one application context pointed at it.
	 * @return the started server
	 */
	public static WireMockServer server() {
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
		server.start();
		return server;
	}

	/**
	 * Point the chain at the stubs, with quick retries and a short wait for request
	 * bodies.
	 * @param registry the test's properties
	 * @param primary the OpenAI-format stub
	 * @param secondary the Anthropic-format stub
	 */
	public static void register(DynamicPropertyRegistry registry, WireMockServer primary, WireMockServer secondary) {
		registry.add("llm.fallback.providers[0].name", () -> PRIMARY);
		registry.add("llm.fallback.providers[0].type", () -> "openai");
		registry.add("llm.fallback.providers[0].base-url", () -> primary.baseUrl() + "/v1");
		registry.add("llm.fallback.providers[0].api-key", () -> PRIMARY_KEY);
		registry.add("llm.fallback.providers[0].models[0]", () -> PRIMARY_MODEL);
		registry.add("llm.fallback.providers[1].name", () -> SECONDARY);
		registry.add("llm.fallback.providers[1].type", () -> "anthropic");
		registry.add("llm.fallback.providers[1].base-url", () -> secondary.baseUrl() + "/v1");
		registry.add("llm.fallback.providers[1].api-key", () -> SECONDARY_KEY);
		registry.add("llm.fallback.providers[1].models[0]", () -> SECONDARY_MODEL);
		registry.add("llm.fallback.retry.delay", () -> "10ms");
		registry.add("llm.fallback.gateway.request-read-timeout", () -> "2s");
		// A gateway without keys listens on loopback only.
		registry.add("server.address", () -> "127.0.0.1");
	}

	/**
	 * An OpenAI 429 that, like the real one, echoes part of the key in its message.
	 * @param retryAfterSeconds the {@code retry-after} header
	 * @return the response
	 */
	public static ResponseDefinitionBuilder openAiRateLimited(int retryAfterSeconds) {
		return json(429,
				"""
						{"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-1 on requests per min (RPM): \
						Limit 3, Used 3, Requested 1. Key %s. Please try again in %ds.","type":"requests","param":null,\
						"code":"rate_limit_exceeded"}}"""
					.formatted(PRIMARY_KEY, retryAfterSeconds))
			.withHeader("retry-after", Integer.toString(retryAfterSeconds));
	}

	/**
	 * Assert a {@code Retry-After} that announces the return of a primary that answered
	 * {@link #openAiRateLimited(int) openAiRateLimited(20)}: 20 seconds from then, in
	 * whole seconds, less the time the rest of the call took.
	 * @param value the header
	 */
	public static void assertRetryAfterOfTheRateLimitedPrimary(String value) {
		assertThat(value).matches("\\d+");
		assertThat(Integer.parseInt(value)).isBetween(15, 20);
	}

	/**
	 * An OpenAI chat completion of the given text.
	 * @param text the answer, without characters that need escaping in JSON
	 * @return the response
	 */
	public static ResponseDefinitionBuilder openAiCompletion(String text) {
		return json(200, """
				{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"%s",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}""".formatted(PRIMARY_MODEL,
				text));
	}

	public static ResponseDefinitionBuilder anthropicMessage(String text) {
		return json(200, """
				{"id":"msg_01","type":"message","role":"assistant","model":"%s",
				 "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
				 "usage":{"input_tokens":12,"output_tokens":9}}""".formatted(SECONDARY_REPORTED_MODEL, text));
	}

	/**
	 * An Anthropic 529 that echoes the key.
	 * @return the response
	 */
	/** Anthropic's 429, asking for a longer wait than the primary's. */
	public static ResponseDefinitionBuilder anthropicRateLimited() {
		return json(429,
				"""
						{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate \
						limit (key %s)"},"request_id":"req_2"}"""
					.formatted(SECONDARY_KEY))
			.withHeader("retry-after", "60");
	}

	/**
	 * A 400 about this request: nothing cools down, the next call tries the target again.
	 */
	public static ResponseDefinitionBuilder anthropicBadRequest() {
		return json(400, """
				{"type":"error","error":{"type":"invalid_request_error","message":"messages: bad"},\
				"request_id":"req_3"}""");
	}

	public static ResponseDefinitionBuilder anthropicOverloaded() {
		return json(529, """
				{"type":"error","error":{"type":"overloaded_error","message":"Overloaded (key %s)"},\
				"request_id":"req_1"}""".formatted(SECONDARY_KEY));
	}

	/**
	 * An Anthropic stream of the given text deltas.
	 * @param deltas the text deltas
	 * @param complete whether the stream ends with {@code message_stop}, or is cut after
	 * the deltas
	 * @return the response
	 */
	public static ResponseDefinitionBuilder anthropicStream(List<String> deltas, boolean complete) {
		StringBuilder body = new StringBuilder();
		body.append(event("message_start", """
				{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","content":[],\
				"model":"%s","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":1}}}"""
			.formatted(SECONDARY_REPORTED_MODEL)));
		body.append(event("content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
		body.append(event("ping", "{\"type\": \"ping\"}"));
		for (String delta : deltas) {
			body.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
					+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + delta + "\"}}"));
		}
		if (complete) {
			body.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
			body.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
					+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + deltas.size() + "}}"));
			body.append(event("message_stop", "{\"type\":\"message_stop\"}"));
		}
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
	}

	private static String event(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	private static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	/**
	 * Replaces the cooldown registry with one on an {@link AdjustableClock}.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class AdjustableClockConfiguration {

		@Bean
		AdjustableClock adjustableClock() {
			return new AdjustableClock();
		}

		@Bean
		TargetStateStore llmTargetStateStore(AdjustableClock clock) {
			return new InMemoryTargetStateStore(clock);
		}

	}

}
