package io.github.fallbackllm.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Sample application: a chat endpoint for people with {@code curl}, a live status page,
 * and the gateway of {@code fallback-llm-gateway}. Runs on simulated providers (profile
 * {@code demo}, the default) or on OpenAI then Anthropic (profile {@code live}).
 *
 * @author Fallback LLM contributors
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
