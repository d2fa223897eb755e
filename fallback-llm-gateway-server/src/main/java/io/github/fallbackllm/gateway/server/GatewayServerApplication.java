package io.github.fallbackllm.gateway.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The gateway as an application: the fallback chain of the user's configuration behind
 * every dialect of {@code fallback-llm-gateway}, with health, metrics and nothing else.
 * Run it with {@code java -jar fallback-llm-gateway-server.jar
 * --spring.config.additional-location=gateway.yml}.
 *
 * @author Fallback LLM contributors
 */
@SpringBootApplication
public class GatewayServerApplication {

	/**
	 * Start the gateway.
	 * @param args the command line, such as
	 * {@code --spring.config.additional-location=gateway.yml}
	 */
	public static void main(String[] args) {
		SpringApplication.run(GatewayServerApplication.class, args);
	}

}
