package io.github.fallbackllm.gateway.server.testsupport;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway with keys, for the keys' tests of every dialect, which share one
 * application: {@value #TEAM_A} may use every route, {@value #MINI_ONLY} only the route
 * of {@code gpt-4o-mini}, and each dialect has a key of its own limited to 2 requests a
 * minute, so that no dialect's tests spend another's budget.
 */
@AutoConfigureWebTestClient(timeout = "30s")
@TestPropertySource(properties = { "llm.fallback.gateway.keys[0].name=team-a",
		"llm.fallback.gateway.keys[0].key=" + KeyedGatewayApplicationTests.TEAM_A,
		"llm.fallback.gateway.keys[1].name=mini-only",
		"llm.fallback.gateway.keys[1].key=" + KeyedGatewayApplicationTests.MINI_ONLY,
		"llm.fallback.gateway.keys[1].routes=gpt-4o-mini", "llm.fallback.gateway.keys[2].name=limited-chat",
		"llm.fallback.gateway.keys[2].key=" + KeyedGatewayApplicationTests.LIMITED_CHAT,
		"llm.fallback.gateway.keys[2].rpm=2", "llm.fallback.gateway.keys[3].name=limited-responses",
		"llm.fallback.gateway.keys[3].key=" + KeyedGatewayApplicationTests.LIMITED_RESPONSES,
		"llm.fallback.gateway.keys[3].rpm=2", "llm.fallback.gateway.keys[4].name=limited-messages",
		"llm.fallback.gateway.keys[4].key=" + KeyedGatewayApplicationTests.LIMITED_MESSAGES,
		"llm.fallback.gateway.keys[4].rpm=2" })
@Import(KeyedGatewayApplicationTests.OneMinute.class)
public abstract class KeyedGatewayApplicationTests extends StubbedProvidersApplicationTests {

	protected static final String TEAM_A = "gw-team-a-secret-0123456789";

	protected static final String MINI_ONLY = "gw-mini-only-secret-0123456789";

	protected static final String LIMITED_CHAT = "gw-limited-chat-secret-0123456789";

	protected static final String LIMITED_RESPONSES = "gw-limited-responses-secret-0123456789";

	protected static final String LIMITED_MESSAGES = "gw-limited-messages-secret-0123456789";

	/** Well formed, and none of the gateway's keys. */
	protected static final String UNKNOWN = "gw-unknown-secret-0123456789";

	@Autowired
	protected WebTestClient client;

	/**
	 * Send a JSON body with POST.
	 * @param path the endpoint
	 * @param body the body
	 * @param headers names and values of headers, in pairs, such as
	 * {@code "x-api-key", key}
	 * @return the response
	 */
	protected WebTestClient.ResponseSpec send(String path, String body, String... headers) {
		return this.client.post().uri(path).headers((http) -> {
			for (int i = 0; i + 1 < headers.length; i += 2) {
				http.set(headers[i], headers[i + 1]);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/**
	 * Read a response whose status is all a test checks: WebTestClient releases a body
	 * only once something reads it.
	 * @param response the response
	 */
	protected static void read(WebTestClient.ResponseSpec response) {
		response.expectBody().returnResult();
	}

	/**
	 * Return the body of a response as JSON, checking that it is JSON.
	 * @param response the response
	 * @return the body
	 */
	protected static JsonNode json(WebTestClient.ResponseSpec response) {
		String body = response.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return OpenAiEvents.json(body);
	}

	/**
	 * Counts the keys' budgets on a clock that stays 30 seconds before the end of a
	 * minute, so that no window ends during the tests.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OneMinute {

		@Bean
		ClientBudgets gatewayClientBudgets() {
			return new LocalClientBudgets(Clock.fixed(Instant.parse("2026-12-07T10:15:30Z"), ZoneOffset.UTC));
		}

	}

}
