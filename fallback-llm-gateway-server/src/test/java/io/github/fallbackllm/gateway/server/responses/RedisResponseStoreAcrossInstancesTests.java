package io.github.fallbackllm.gateway.server.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.github.fallbackllm.gateway.server.GatewayServerApplication;
import io.github.fallbackllm.gateway.testsupport.StubProviders;
import io.github.fallbackllm.redis.testsupport.RedisServer;
import io.github.fallbackllm.gateway.server.testsupport.GatewayClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static io.github.fallbackllm.gateway.server.testsupport.GatewayClients.text;

/**
 * Two gateways sharing a real {@code redis-server}, with the response store on: a
 * response one instance stored is continued through the other, by whichever target serves
 * it then.
 */
class RedisResponseStoreAcrossInstancesTests {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	@RegisterExtension
	static RedisServer redis = new RedisServer();

	private static final WireMockServer primary = StubProviders.server();

	private static final WireMockServer secondary = StubProviders.server();

	private final String prefix = "gateway-" + System.nanoTime();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<OpenAIClient> clients = new ArrayList<>();

	private OpenAIClient a;

	private OpenAIClient b;

	@BeforeEach
	void startTwoInstances() {
		primary.resetAll();
		secondary.resetAll();
		this.a = client(start());
		this.b = client(start());
	}

	@AfterEach
	void stop() {
		this.clients.forEach(OpenAIClient::close);
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aResponseStoredByOneInstanceIsContinuedThroughTheOtherAfterAFailover() {
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiCompletion("It is 4 degrees.")));
		Response first = this.a.responses().create(request("Weather in Oslo?").build());
		// One key under the prefix (an array of one), the response's own, that expires
		// and holds no secret.
		String key = this.prefix + ":response:" + first.id();
		assertThat(redis.command("KEYS " + this.prefix + ":response:*")).isEqualTo("*1");
		assertThat(Long.parseLong(redis.command("TTL " + key).substring(1))).isBetween(86_000L, 86_400L);
		assertThat(redis.command("GET " + key)).contains("Weather in Oslo?")
			.doesNotContain(StubProviders.PRIMARY_KEY)
			.doesNotContain(StubProviders.SECONDARY_KEY);
		primary.resetAll();
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiRateLimited(30)));
		secondary.stubFor(post(MESSAGES).willReturn(StubProviders.anthropicMessage("Sunny tomorrow.")));

		Response second = this.b.responses().create(request("And tomorrow?").previousResponseId(first.id()).build());

		assertThat(text(second)).isEqualTo("Sunny tomorrow.");
		assertThat(second.previousResponseId()).contains(first.id());
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":"Weather in Oslo?"},
				  {"role":"assistant","content":"It is 4 degrees."},
				  {"role":"user","content":"And tomorrow?"}]}""", true, true)));
	}

	@Test
	void aStreamedResponseIsStoredBeforeItsLastEventSoTheOtherInstanceFindsItAtOnce() {
		primary.stubFor(post(COMPLETIONS).willReturn(StubProviders.openAiRateLimited(30)));
		secondary.stubFor(post(MESSAGES).atPriority(1).withRequestBody(equalToJson("""
				{"stream":true}""", true, true)).willReturn(StubProviders.anthropicStream(List.of("Hel", "lo"), true)));
		secondary.stubFor(post(MESSAGES).atPriority(2).willReturn(StubProviders.anthropicMessage("Bye.")));
		ResponseAccumulator accumulator = ResponseAccumulator.create();
		try (StreamResponse<ResponseStreamEvent> stream = this.a.responses().createStreaming(request("Hi").build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		Response first = accumulator.response();

		Response second = this.b.responses().create(request("And then?").previousResponseId(first.id()).build());

		assertThat(text(second)).isEqualTo("Bye.");
		secondary.verify(postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
				  {"role":"user","content":"And then?"}]}""", true, true)));
	}

	private ConfigurableApplicationContext start() {
		Map<String, Object> properties = new LinkedHashMap<>();
		StubProviders.register((name, value) -> properties.put(name, value.get()), primary, secondary);
		properties.put("server.port", 0);
		properties.put("llm.fallback.gateway.responses.store", true);
		properties.put("llm.fallback.state.store", "redis");
		properties.put("llm.fallback.state.redis.key-prefix", this.prefix);
		// A command may take longer than the default second on a loaded machine, the
		// first ones of a connection most of all; past it, an answer is served unstored,
		// as ResponsesDialectTests show, which is not what these tests are about.
		properties.put("llm.fallback.state.redis.timeout", "30s");
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", redis.port());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayServerApplication.class)
			.run(properties.entrySet()
				.stream()
				.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new));
		this.instances.add(context);
		return context;
	}

	private OpenAIClient client(ConfigurableApplicationContext instance) {
		OpenAIClient client = GatewayClients
			.openAi(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
		this.clients.add(client);
		return client;
	}

	private static ResponseCreateParams.Builder request(String input) {
		return ResponseCreateParams.builder().model("gpt-4o").input(input);
	}

}
