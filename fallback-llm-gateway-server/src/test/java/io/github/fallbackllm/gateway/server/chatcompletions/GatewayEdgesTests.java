package io.github.fallbackllm.gateway.server.chatcompletions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.gateway.testsupport.OpenAiEvents;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.github.fallbackllm.gateway.testsupport.StubProviders.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's edges: requests that never reach a provider because of their size, their
 * path, their method or a body that never arrives.
 */
@AutoConfigureWebTestClient(timeout = "30s")
class GatewayEdgesTests extends StubbedProvidersApplicationTests {

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Test
	void promptOfSeveralHundredKilobytesIsServed() {
		primary.stubFor(post("/v1/chat/completions").willReturn(openAiCompletion("Read it")));
		String content = "a".repeat(300 * 1024);
		this.client.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\": \"any\", \"messages\": [{\"role\": \"user\", \"content\": \"" + content + "\"}]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.isEqualTo("Read it");
	}

	@Test
	void bodyOverTheLimitIsA413ThatNamesTheLimitAndThePropertyThatRaisesItBeforeTheBodyIsRead() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + (32 * 1024 * 1024 + 1) + "\r\nConnection: close\r\n\r\n{\"model\": ")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(answer).startsWith("HTTP/1.1 413")
				.contains("\"type\":\"invalid_request_error\"")
				.contains("33554432 bytes")
				.contains("llm.fallback.gateway.max-request-size");
		}
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void unknownPathUnderV1IsA404InOpenAisEnvelope() {
		JsonNode error = error(this.client.get().uri("/v1/images/generations").exchange().expectStatus().isNotFound(),
				"invalid_request_error");
		assertThat(error.path("message").asString()).contains("/v1/images/generations");
	}

	@Test
	void wrongMethodUnderV1IsA405InOpenAisEnvelopeThatSaysWhichMethodsAreAllowed() {
		WebTestClient.ResponseSpec response = this.client.method(HttpMethod.DELETE)
			.uri("/v1/chat/completions")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.valueEquals("Allow", "POST");
		JsonNode error = error(response, "invalid_request_error");
		assertThat(error.path("message").asString()).contains("DELETE").contains("POST");
	}

	@Test
	void requestWhoseBodyNeverCompletesIsCutOff() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			// Far longer than the test's request read timeout: the server must act first.
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 1000\r\n\r\n{\"model\": \"any\", ")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			// The server answers 408 and closes, unless it closes before the answer is
			// out.
			assertThat(answer).satisfiesAnyOf((text) -> assertThat(text).isEmpty(),
					(text) -> assertThat(text).startsWith("HTTP/1.1 408")
						.contains("llm.fallback.gateway.request-read-timeout"));
		}
		primary.verify(0, anyRequestedFor(anyUrl()));
	}

	private static JsonNode error(WebTestClient.ResponseSpec response, String type) {
		String body = response.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode error = OpenAiEvents.json(body).path("error");
		assertThat(error.path("type").asString()).isEqualTo(type);
		assertThat(error.has("param")).isTrue();
		assertThat(error.has("code")).isTrue();
		return error;
	}

}
