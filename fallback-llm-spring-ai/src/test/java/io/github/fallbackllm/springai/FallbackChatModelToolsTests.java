package io.github.fallbackllm.springai;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicStream;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static io.github.fallbackllm.testsupport.ProviderStubs.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tool calling, provider-side structured output and images through {@link ChatClient}:
 * Spring AI runs the tools, the chain carries definitions, calls and results across
 * providers.
 */
class FallbackChatModelToolsTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String MESSAGES = "/v1/messages";

	/** OpenAI asks for the tool; Spring AI names it after the method. */
	private static final String TOOL_CALL_COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
			 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_Q7x9",
			   "type":"function","function":{"name":"currentWeather","arguments":"{\\"city\\":\\"Zürich\\"}"}}]},
			   "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final ChatClient chatClient = ChatClient.create(new FallbackChatModel(FallbackChatModelTests
		.chain(ProviderStubs.openAi("openai", openai, FallbackChatModelTests.OPENAI_KEY, "gpt-4o"), ProviderStubs
			.anthropic("anthropic", anthropic, FallbackChatModelTests.ANTHROPIC_KEY, "claude-sonnet-4-5"))));

	private final WeatherTools weather = new WeatherTools();

	@Test
	void toolLoopStartedOnOpenAiFinishesOnAnthropicAfterARateLimit() {
		stubToolCallThenRateLimit();
		anthropic
			.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "It is 4 °C in Zürich."))));

		ChatResponse response = this.chatClient.prompt()
			.user("Weather in Zürich?")
			.tools(this.weather)
			.call()
			.chatResponse();

		assertThat(response.getResult().getOutput().getText()).isEqualTo("It is 4 °C in Zürich.");
		assertThat(this.weather.cities).containsExactly("Zürich");
		assertThat(response.getMetadata().<List<Attempt>>get(FallbackChatModel.ATTEMPTS_METADATA_KEY))
			.extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(
				matchingJsonPath("$.tools[0].function.parameters.properties.city.type", equalTo("string"))));
		// Anthropic reads OpenAI's tool call, its id unchanged, and Spring AI's tool
		// result.
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":"Weather in Zürich?"},
				  {"role":"assistant","content":[{"type":"tool_use","id":"call_Q7x9","name":"currentWeather",
				    "input":{"city":"Zürich"}}]},
				  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_Q7x9","content":"4 °C"}]}],
				 "tools":[{"name":"currentWeather","description":"Current temperature in a city"}]}""", true, true)));
	}

	@Test
	void streamedToolLoopStartedOnOpenAiFinishesOnAnthropicAfterARateLimit() {
		openai.stubFor(post(CHAT).willReturn(sse(toolCallStream())));
		openai.stubFor(post(CHAT).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
		anthropic.stubFor(post(MESSAGES).willReturn(sse(anthropicStream("It is ", "4 °C."))));

		List<String> text = this.chatClient.prompt()
			.user("Weather in Zürich?")
			.tools(this.weather)
			.stream()
			.content()
			.collectList()
			.block();

		assertThat(String.join("", text)).isEqualTo("It is 4 °C.");
		assertThat(this.weather.cities).containsExactly("Zürich");
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.messages[2].content[0].tool_use_id", equalTo("call_Q7x9"))));
	}

	@Test
	void providerStructuredOutputSendsTheSchemaAndBindsTheFallbackAnswer() {
		openai.stubFor(post(CHAT).willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Slow down"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok("""
				{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
				 "content":[{"type":"tool_use","id":"toolu_01","name":"json_answer",
				   "input":{"city":"Paris","population":2102650}}],
				 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}""")));

		City city = this.chatClient.prompt()
			.user("Largest city of France?")
			.call()
			.entity(City.class, ChatClient.EntityParamSpec::useProviderStructuredOutput);

		assertThat(city).isEqualTo(new City("Paris", 2102650));
		openai.verify(postRequestedFor(urlEqualTo(CHAT))
			.withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema.schema.properties.population.type",
					equalTo("integer"))));
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.city.type", equalTo("string"))));
	}

	@Test
	void imagesReachTheFallbackTarget() {
		openai.stubFor(post(CHAT).willReturn(json(503, openAiError("server_error", null, "Overloaded"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "A cat on a mat."))));
		byte[] png = { (byte) 0x89, 'P', 'N', 'G' };

		String answer = this.chatClient.prompt()
			.user((user) -> user.text("What is this?").media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(png)))
			.call()
			.content();

		assertThat(answer).isEqualTo("A cat on a mat.");
		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(
				matchingJsonPath("$.messages[0].content[1].image_url.url", equalTo("data:image/png;base64,iVBORw=="))));
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
				  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw=="}}]}]}""", true,
				true)));
	}

	@Test
	void imageByUrlIsSentAsAUrl() {
		openai.stubFor(post(CHAT).willReturn(ok(openAiCompletion("gpt-4o", "A cat."))));

		this.chatClient.prompt()
			.user((user) -> user.text("What is this?")
				.media(MimeTypeUtils.IMAGE_JPEG, toUrl("https://example.com/cat.jpg")))
			.call()
			.content();

		openai.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(
				matchingJsonPath("$.messages[0].content[1].image_url.url", equalTo("https://example.com/cat.jpg"))));
	}

	@Test
	void mediaOtherThanImagesIsRefusedBeforeAnyCall() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> this.chatClient.prompt()
				.user((user) -> user.text("Transcribe this")
					.media(MimeTypeUtils.parseMimeType("audio/wav"), new ByteArrayResource(new byte[] { 1 })))
				.call()
				.content())
			.withMessageContaining("images only, not audio/wav");
		assertThat(openai.getAllServeEvents()).isEmpty();
		assertThat(anthropic.getAllServeEvents()).isEmpty();
	}

	private static void stubToolCallThenRateLimit() {
		openai.stubFor(post(CHAT).willReturn(ok(TOOL_CALL_COMPLETION)));
		openai.stubFor(post(CHAT).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
	}

	/**
	 * The tool call of {@link #TOOL_CALL_COMPLETION}, its arguments split over events.
	 */
	private static String toolCallStream() {
		String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
				+ "\"choices\":[{\"index\":0,\"delta\":";
		return head + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_Q7x9\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"currentWeather\",\"arguments\":\"\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head
				+ "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Zürich\\\"}\"}}]},"
				+ "\"finish_reason\":null}]}\n\n" + head + "{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n";
	}

	private static java.net.URL toUrl(String url) {
		try {
			return java.net.URI.create(url).toURL();
		}
		catch (java.net.MalformedURLException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	static class WeatherTools {

		final List<String> cities = new ArrayList<>();

		@Tool(description = "Current temperature in a city")
		String currentWeather(String city) {
			this.cities.add(city);
			return "4 °C";
		}

	}

	record City(String city, int population) {
	}

}
