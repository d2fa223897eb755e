package io.github.fallbackllm.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.Results;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 6, start-up: starts one small Spring Boot application (auto-configuration on,
 * {@code WebClient} starter and this library's starter on the class path, no web server)
 * once per JVM, and reports how long {@link SpringApplication#run} took and how long the
 * JVM had been up when the context was ready. The {@code without} variant excludes
 * {@link FallbackLlmAutoConfiguration}; the {@code with} variant configures one provider.
 *
 * @author Fallback LLM contributors
 */
public final class StartupMain {

	private StartupMain() {
	}

	public static void main(String[] args) {
		long start = System.nanoTime();
		Arguments arguments = new Arguments(args);
		boolean withStarter = arguments.get("variant").equals("with");
		List<String> properties = new ArrayList<>();
		if (withStarter) {
			properties.add("--llm.fallback.providers[0].name=stub");
			properties.add("--llm.fallback.providers[0].type=openai");
			properties.add("--llm.fallback.providers[0].base-url=" + arguments.get("base-url"));
			properties.add("--llm.fallback.providers[0].api-key=" + CannedChat.API_KEY);
			properties.add("--llm.fallback.providers[0].models[0]=" + CannedChat.MODEL);
		}
		else {
			properties.add("--spring.autoconfigure.exclude=" + FallbackLlmAutoConfiguration.class.getName());
		}
		SpringApplication application = new SpringApplication(StartupApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		try (ConfigurableApplicationContext context = application.run(properties.toArray(String[]::new))) {
			long runNanos = System.nanoTime() - start;
			long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
			boolean hasService = context.getBeanNamesForType(FallbackChatService.class).length > 0;
			if (hasService != withStarter) {
				throw new IllegalStateException(
						"FallbackChatService present: " + hasService + ", expected " + withStarter);
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("variant", withStarter ? "with" : "without");
			fields.put("runMs", runNanos / 1e6);
			fields.put("readyUptimeMs", (double) uptimeMillis);
			fields.put("beans", context.getBeanDefinitionCount());
			Results.emit("startup", fields);
		}
		System.exit(0);
	}

	/**
	 * The application: nothing but auto-configuration.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StartupApplication {

	}

}
