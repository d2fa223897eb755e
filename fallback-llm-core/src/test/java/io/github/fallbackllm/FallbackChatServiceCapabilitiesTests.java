package io.github.fallbackllm;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FallbackChatService#capabilities()}: what every target of the chain supports.
 */
class FallbackChatServiceCapabilitiesTests {

	@Test
	void areThoseEveryTargetSupports() {
		FallbackChatService chain = FallbackChatService.builder()
			.provider(ProviderStubs.policies(provider("openai", "gpt-4o", Capability.ALL)))
			.provider(ProviderStubs
				.policies(provider("local", "llama3", EnumSet.of(Capability.TOOLS, Capability.JSON_SCHEMA))))
			.build();

		assertThat(chain.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.JSON_SCHEMA);
		assertThat(chain.forModel("gpt-4o").orElseThrow().capabilities()).isEqualTo(Capability.ALL);
	}

	private static OpenAiLlmProvider provider(String name, String model, Set<Capability> capabilities) {
		return new OpenAiLlmProvider(new ProviderSettings(name, "http://localhost:1/v1", "sk-test", List.of(model),
				Map.of(), 1024, capabilities, Map.of()), WebClient.builder());
	}

}
