package io.github.fallbackllm.autoconfigure;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs read, as generated into
 * {@code META-INF/spring-configuration-metadata.json}: a description for every
 * {@code llm.fallback.*} property, and defaults that match the ones the code applies.
 */
class FallbackLlmPropertiesMetadataTests {

	private static final Map<String, JsonNode> properties = new LinkedHashMap<>();

	@BeforeAll
	static void readMetadata() throws Exception {
		URI classes = FallbackLlmProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI();
		try (InputStream metadata = classes.resolve("META-INF/spring-configuration-metadata.json")
			.toURL()
			.openStream()) {
			JsonMapper.shared()
				.readTree(metadata)
				.path("properties")
				.forEach((property) -> properties.put(property.path("name").asString(), property));
		}
	}

	@Test
	void typeHintsNameEveryRegisteredType() throws Exception {
		URI classes = FallbackLlmProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI();
		try (InputStream metadata = classes.resolve("META-INF/spring-configuration-metadata.json")
			.toURL()
			.openStream()) {
			List<String> types = new ArrayList<>();
			JsonMapper.shared().readTree(metadata).path("hints").forEach((hint) -> {
				if ("llm.fallback.providers[].type".equals(hint.path("name").asString(""))) {
					hint.path("values").forEach((value) -> types.add(value.path("value").asString("")));
				}
			});
			assertThat(types).containsExactlyInAnyOrderElementsOf(
					ConfiguredLlmProviders.loadFactories(getClass().getClassLoader()).keySet());
		}
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(properties).isNotEmpty();
		assertThat(properties.values()).allSatisfy(
				(property) -> assertThat(property.path("description").asString("")).as(property.path("name").asString())
					.isNotBlank());
	}

	@Test
	void everyPropertyWithADefaultDocumentsIt() {
		assertThat(properties.keySet()).filteredOn((name) -> !properties.get(name).has("defaultValue"))
			.containsExactlyInAnyOrder("llm.fallback.providers", "llm.fallback.routes",
					"llm.fallback.health.probe-interval",
					// Unset means the default route, and the model's own length.
					"llm.fallback.spring-ai.embedding.model", "llm.fallback.spring-ai.embedding.dimensions",
					"llm.fallback.langchain4j.embedding.model", "llm.fallback.langchain4j.embedding.dimensions");
	}

	@Test
	void documentedDefaultsAreTheOnesTheCodeApplies() {
		FallbackLlmProperties defaults = new FallbackLlmProperties();
		assertThat(duration("llm.fallback.timeout")).isEqualTo(FallbackChatService.DEFAULT_TIMEOUT)
			.isEqualTo(defaults.getTimeout());
		assertThat(defaults.getRetry().resolve(RetrySettings.DEFAULTS)).isEqualTo(new RetrySettings(
				number("llm.fallback.retry.max-retries").intValue(), duration("llm.fallback.retry.delay"),
				number("llm.fallback.retry.multiplier").doubleValue(), duration("llm.fallback.retry.max-delay"),
				duration("llm.fallback.retry.jitter"), duration("llm.fallback.retry.max-retry-after")));
		assertThat(defaults.getCooldown().resolve(CooldownSettings.DEFAULTS))
			.isEqualTo(new CooldownSettings(number("llm.fallback.cooldown.failure-threshold").intValue(),
					duration("llm.fallback.cooldown.duration"), duration("llm.fallback.cooldown.long-duration")));
		AttemptTimeouts timeouts = defaults.getStream()
			.resolve(AttemptTimeouts.DEFAULTS.response(), AttemptTimeouts.DEFAULTS);
		assertThat(timeouts.firstToken()).isEqualTo(duration("llm.fallback.stream.first-token-timeout"));
		assertThat(timeouts.idle()).isEqualTo(duration("llm.fallback.stream.idle-timeout"));
		assertThat(duration("llm.fallback.health.cache-ttl")).isEqualTo(defaults.getHealth().getCacheTtl());
		assertThat(duration("llm.fallback.health.timeout")).isEqualTo(defaults.getHealth().getTimeout());
		assertThat(properties.get("llm.fallback.enabled").path("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("llm.fallback.validation.verify-on-startup").path("defaultValue").asBoolean())
			.isFalse();
	}

	@Test
	void healthIndicatorSwitchIsDocumented() {
		JsonNode property = properties.get("management.health.llm.enabled");
		assertThat(property.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(property.path("defaultValue").asBoolean()).isTrue();
	}

	private static Duration duration(String name) {
		return DurationStyle.detectAndParse(properties.get(name).path("defaultValue").asString());
	}

	private static Number number(String name) {
		return properties.get(name).path("defaultValue").numberValue();
	}

}
