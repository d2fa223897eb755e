package io.github.fallbackllm.langchain4j;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import io.github.fallbackllm.chat.Attempt;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.langchain4j.Chains.CHAT;
import static io.github.fallbackllm.langchain4j.Chains.MESSAGES;
import static io.github.fallbackllm.testsupport.ProviderStubs.anthropicMessage;
import static io.github.fallbackllm.testsupport.ProviderStubs.json;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FallbackChatModel} behind LangChain4j's {@link AiServices}: tools run by
 * LangChain4j, their calls and results carried across providers, and structured output.
 */
class AiServicesTests {

	/** OpenAI asks for the tool; LangChain4j names it after the method. */
	static final String TOOL_CALL_COMPLETION = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
			 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_Q7x9",
			   "type":"function","function":{"name":"currentWeather","arguments":"{\\"city\\":\\"Zürich\\"}"}}]},
			   "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""";

	@RegisterExtension
	static WireMockExtension openai = ProviderStubs.server();

	@RegisterExtension
	static WireMockExtension anthropic = ProviderStubs.server();

	private final FallbackChatModel model = FallbackLangChain4j.chatModel(Chains.openAiThenAnthropic(openai, anthropic))
		.build();

	private final WeatherTools weather = new WeatherTools();

	@Test
	void toolLoopStartedOnOpenAiFinishesOnAnthropicAfterARateLimit() {
		openai.stubFor(post(CHAT).willReturn(ok(TOOL_CALL_COMPLETION)));
		openai.stubFor(post(CHAT).atPriority(1)
			.withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
			.willReturn(json(429, openAiError("tokens", "rate_limit_exceeded", "Rate limit reached"))));
		anthropic
			.stubFor(post(MESSAGES).willReturn(ok(anthropicMessage("claude-sonnet-4-5", "It is 4 °C in Zürich."))));
		Assistant assistant = AiServices.builder(Assistant.class).chatModel(this.model).tools(this.weather).build();

		Result<String> result = assistant.chat("Weather in Zürich?");

		assertThat(result.content()).isEqualTo("It is 4 °C in Zürich.");
		assertThat(this.weather.cities).containsExactly("Zürich");
		assertThat(((FallbackChatResponseMetadata) result.finalResponse().metadata()).attempts())
			.extracting(Attempt::outcome)
			.containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
		openai.verify(postRequestedFor(urlEqualTo(CHAT))
			.withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("currentWeather")))
			.withRequestBody(
					matchingJsonPath("$.tools[0].function.parameters.properties.city.type", equalTo("string"))));
		// Anthropic reads OpenAI's tool call, its id unchanged, and LangChain4j's result.
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
				{"messages":[{"role":"user","content":"Weather in Zürich?"},
				  {"role":"assistant","content":[{"type":"tool_use","id":"call_Q7x9","name":"currentWeather",
				    "input":{"city":"Zürich"}}]},
				  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_Q7x9","content":"4 °C"}]}],
				 "tools":[{"name":"currentWeather","description":"Current temperature in a city",
				   "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""",
				true, true)));
	}

	@Test
	void structuredOutputIsAnsweredByTheFallbackTarget() {
		openai.stubFor(post(CHAT).willReturn(json(429, openAiError("requests", "rate_limit_exceeded", "Slow down"))));
		anthropic.stubFor(post(MESSAGES).willReturn(ok("""
				{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
				 "content":[{"type":"tool_use","id":"toolu_01","name":"json_answer",
				   "input":{"city":"Paris","population":2102650}}],
				 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":12}}""")));
		Geography geography = AiServices.create(Geography.class, this.model);

		City city = geography.largestCity("Largest city of France?");

		assertThat(city).isEqualTo(new City("Paris", 2102650));
		// Every target supports JSON-schema output, so LangChain4j sends the schema.
		openai.verify(postRequestedFor(urlEqualTo(CHAT))
			.withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
			.withRequestBody(matchingJsonPath("$.response_format.json_schema.schema.properties.population.type",
					equalTo("integer"))));
		anthropic.verify(postRequestedFor(urlEqualTo(MESSAGES))
			.withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.city.type", equalTo("string"))));
	}

	interface Assistant {

		Result<String> chat(String message);

	}

	interface Geography {

		City largestCity(String question);

	}

	record City(String city, int population) {
	}

	static class WeatherTools {

		final List<String> cities = new ArrayList<>();

		@Tool("Current temperature in a city")
		String currentWeather(String city) {
			this.cities.add(city);
			return "4 °C";
		}

	}

}
