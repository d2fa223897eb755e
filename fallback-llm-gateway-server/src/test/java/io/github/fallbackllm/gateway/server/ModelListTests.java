package io.github.fallbackllm.gateway.server;

import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /v1/models} in Anthropic's format, for clients that send
 * {@code anthropic-version}; the OpenAI format is in
 * {@code chatcompletions.OpenAiGatewayTests}.
 */
@AutoConfigureWebTestClient(timeout = "30s")
class ModelListTests extends StubbedProvidersApplicationTests {

	@Autowired
	private WebTestClient client;

	@Test
	void anthropicClientsGetAnthropicsModelList() {
		this.client.get()
			.uri("/v1/models")
			.header("anthropic-version", "2023-06-01")
			.header("x-api-key", "unused")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.object")
			.doesNotExist()
			.jsonPath("$.data.length()")
			.isEqualTo(2)
			.jsonPath("$.data[0].type")
			.isEqualTo("model")
			.jsonPath("$.data[0].id")
			.isEqualTo("gpt-4o-mini")
			.jsonPath("$.data[0].display_name")
			.isEqualTo("gpt-4o-mini")
			.jsonPath("$.data[0].created_at")
			.isEqualTo("1970-01-01T00:00:00Z")
			.jsonPath("$.data[1].id")
			.isEqualTo("claude-sonnet-4-5")
			.jsonPath("$.has_more")
			.isEqualTo(false)
			.jsonPath("$.first_id")
			.isEqualTo("gpt-4o-mini")
			.jsonPath("$.last_id")
			.isEqualTo("claude-sonnet-4-5");
	}

}
