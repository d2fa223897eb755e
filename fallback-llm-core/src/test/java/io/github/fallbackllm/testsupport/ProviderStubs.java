package io.github.fallbackllm.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.ProviderPolicies;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Providers pointed at WireMock stubs, and the bodies those stubs answer with, taken from
 * the providers' documented wire formats.
 */
public final class ProviderStubs {

	/** Fast retries, so tests spend milliseconds where production spends seconds. */
	public static final RetrySettings FAST_RETRY = new RetrySettings(1, Duration.ofMillis(10), 2, Duration.ofMillis(50),
			Duration.ZERO, Duration.ofSeconds(10));

	/**
	 * Long enough never to fire on a busy machine, for tests that are not about timeouts.
	 */
	public static final AttemptTimeouts TEST_TIMEOUTS = new AttemptTimeouts(Duration.ofSeconds(10),
			Duration.ofSeconds(10), Duration.ofSeconds(10));

	private ProviderStubs() {
	}

	public static WireMockExtension server() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().containerThreads(64)).build();
	}

	public static OpenAiLlmProvider openAi(String name, WireMockExtension server, String apiKey, String... models) {
		return new OpenAiLlmProvider(settings(name, server.baseUrl() + "/v1", apiKey, models), WebClient.builder());
	}

	public static AnthropicLlmProvider anthropic(String name, WireMockExtension server, String apiKey,
			String... models) {
		return new AnthropicLlmProvider(settings(name, server.baseUrl() + "/v1", apiKey, models), WebClient.builder());
	}

	public static ProviderSettings settings(String name, String baseUrl, String apiKey, String... models) {
		return new ProviderSettings(name, baseUrl, apiKey, List.of(models), Map.of(), 1024 * 1024);
	}

	public static ProviderPolicies policies(LlmProvider provider) {
		return new ProviderPolicies(provider, FAST_RETRY, CooldownSettings.DEFAULTS, TEST_TIMEOUTS);
	}

	public static String openAiCompletion(String model, String content) {
		return """
				{"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"%s",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},
				   "logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29},
				 "service_tier":"default","system_fingerprint":"fp_1"}""".formatted(model, content);
	}

	public static String anthropicMessage(String model, String content) {
		return """
				{"id":"msg_01","type":"message","role":"assistant","model":"%s",
				 "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
				 "usage":{"input_tokens":12,"output_tokens":9}}""".formatted(model, content);
	}

	public static String openAiError(String type, String code, String message) {
		return """
				{"error":{"message":"%s","type":"%s","param":null,"code":%s}}""".formatted(message, type,
				(code != null) ? "\"" + code + "\"" : "null");
	}

	public static String anthropicError(String type, String message) {
		return """
				{"type":"error","error":{"type":"%s","message":"%s"},"request_id":"req_1"}""".formatted(type, message);
	}

	public static ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static ResponseDefinitionBuilder ok(String body) {
		return json(200, body);
	}

	/** An OpenAI stream event with a text delta. */
	public static String openAiDelta(String text) {
		return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
				+ "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
				+ "\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
	}

	/**
	 * A complete OpenAI stream: role chunk, deltas, finish chunk, usage chunk, [DONE].
	 */
	public static String openAiStream(String... texts) {
		StringBuilder body = new StringBuilder("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
				+ "\"created\":1694268190,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
				+ "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
		for (String text : texts) {
			body.append(openAiDelta(text));
		}
		return body.append(OPENAI_STREAM_END).toString();
	}

	/** Finish chunk, usage chunk and [DONE] of an OpenAI stream. */
	public static final String OPENAI_STREAM_END = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1694268190,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":{},"
			+ "\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
			+ "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,"
			+ "\"total_tokens\":29}}\n\n" + "data: [DONE]\n\n";

	/** An Anthropic stream event with a text delta. */
	public static String anthropicDelta(String text) {
		return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
				+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
	}

	/** The opening events of an Anthropic stream, up to the first content block. */
	public static final String ANTHROPIC_STREAM_START = "event: message_start\ndata: {\"type\":\"message_start\","
			+ "\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
			+ "\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,"
			+ "\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}\n\n"
			+ "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
			+ "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
			+ "event: ping\ndata: {\"type\": \"ping\"}\n\n";

	/** The closing events of an Anthropic stream. */
	public static final String ANTHROPIC_STREAM_END = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
			+ "\"index\":0}\n\n" + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
			+ "{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}\n\n"
			+ "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

	/** A complete Anthropic stream, as in the SDK's fixture. */
	public static String anthropicStream(String... texts) {
		StringBuilder body = new StringBuilder(ANTHROPIC_STREAM_START);
		for (String text : texts) {
			body.append(anthropicDelta(text));
		}
		return body.append(ANTHROPIC_STREAM_END).toString();
	}

	public static ResponseDefinitionBuilder sse(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

}
