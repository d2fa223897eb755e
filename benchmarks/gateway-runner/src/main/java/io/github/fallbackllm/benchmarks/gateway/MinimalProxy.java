package io.github.fallbackllm.benchmarks.gateway;

import io.github.fallbackllm.benchmarks.support.CannedChat;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The least an OpenAI-compatible proxy on Spring WebFlux can do: one annotated endpoint
 * that sends the request's JSON to the provider ({@code --upstream}, a base URL) with a
 * {@link WebClient} and returns the provider's JSON. No parsing, no fallback, no headers
 * of its own; the harness measures the sample gateway against it.
 *
 * @author Fallback LLM contributors
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class MinimalProxy {

	private final WebClient upstream;

	MinimalProxy(@Value("${upstream}") String upstream) {
		this.upstream = WebClient.builder()
			.baseUrl(upstream)
			.defaultHeaders((headers) -> headers.setBearerAuth(CannedChat.API_KEY))
			.build();
	}

	@PostMapping(path = "/v1/chat/completions", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<byte[]> chatCompletions(@RequestBody byte[] body) {
		return this.upstream.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(byte[].class);
	}

	public static void main(String[] args) {
		SpringApplication.run(MinimalProxy.class, args);
	}

}
