package io.github.fallbackllm.gateway.server.testsupport;

import com.openai.client.OpenAIClient;
import io.github.fallbackllm.gateway.testsupport.StubbedProvidersApplicationTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway on its stub providers, driven by the official OpenAI Java SDK: a new
 * {@link #client} for each test.
 */
public abstract class OpenAiSdkApplicationTests extends StubbedProvidersApplicationTests {

	@LocalServerPort
	private int port;

	protected OpenAIClient client;

	@BeforeEach
	void connectTheSdk() {
		this.client = GatewayClients.openAi(this.port);
	}

	@AfterEach
	void closeTheSdk() {
		this.client.close();
	}

}
