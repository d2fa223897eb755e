package io.github.fallbackllm.testsupport;

import java.time.Duration;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A reactive web application with every auto-configuration on the test class path,
 * started on a free port, for tests that go through real HTTP endpoints.
 */
public final class RunningApplication implements AutoCloseable {

	private static final String[] QUICK = { "server.port=0", "server.address=127.0.0.1", "server.shutdown=immediate",
			"spring.reactor.netty.shutdown-quiet-period=0s", "spring.main.banner-mode=off" };

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static RunningApplication start(String... properties) {
		return start((context) -> {
		}, properties);
	}

	public static RunningApplication start(ApplicationContextInitializer<ConfigurableApplicationContext> initializer,
			String... properties) {
		return new RunningApplication(new SpringApplicationBuilder(Application.class).web(WebApplicationType.REACTIVE)
			.initializers(initializer)
			.properties(Stream.concat(Stream.of(QUICK), Stream.of(properties)).toArray(String[]::new))
			.run());
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public String baseUrl() {
		return "http://localhost:"
				+ this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
