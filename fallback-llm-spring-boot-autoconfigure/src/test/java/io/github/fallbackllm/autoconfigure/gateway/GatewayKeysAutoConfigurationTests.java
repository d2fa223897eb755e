package io.github.fallbackllm.autoconfigure.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.keys.GatewayKeys;
import io.github.fallbackllm.testsupport.RunningApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of the keys in {@link FallbackLlmGatewayAutoConfiguration}: the access built from
 * {@code llm.fallback.gateway.keys}, the problems reported at startup, the masking of
 * secrets and the refusal to serve without keys beyond loopback.
 */
class GatewayKeysAutoConfigurationTests {

	private static final String SECRET = "gw-team-a-secret-0123456789";

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(FallbackLlmAutoConfiguration.class, FallbackLlmGatewayAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=http://127.0.0.1:9/v1",
				"llm.fallback.providers[0].api-key=sk-test-0123456789abcdef", "llm.fallback.providers[0].models=gpt-4o",
				"llm.fallback.validation.verify-on-startup=false");

	@Test
	void configuredKeysAreCheckedAndCountedInMemory() {
		this.contextRunner
			.withPropertyValues("llm.fallback.gateway.keys[0].name=team-a",
					"llm.fallback.gateway.keys[0].key=" + SECRET, "llm.fallback.gateway.keys[0].rpm=60")
			.run((context) -> {
				assertThat(context).hasSingleBean(GatewayKeys.class);
				assertThat(context.getBean(ClientBudgets.class)).isInstanceOf(LocalClientBudgets.class);
			});
	}

	@Test
	void withoutKeysInAMockEnvironmentAccessIsOpen() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(GatewayAccess.class)).isSameAs(GatewayAccess.open()));
	}

	@Test
	void everyProblemOfTheKeysIsReportedWithItsProperty() {
		this.contextRunner
			.withPropertyValues("llm.fallback.gateway.keys[0].key=" + SECRET, "llm.fallback.gateway.keys[1].name=b",
					"llm.fallback.gateway.keys[1].key=tiny-key", "llm.fallback.gateway.keys[2].name=c",
					"llm.fallback.gateway.keys[2].key-sha256=abc", "llm.fallback.gateway.keys[2].rpm=0",
					"llm.fallback.gateway.keys[3].name=d", "llm.fallback.gateway.keys[3].key=" + SECRET + "-d",
					"llm.fallback.gateway.keys[4].name=d", "llm.fallback.gateway.keys[4].key=" + SECRET + "-d")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new GatewayConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("llm.fallback.gateway.keys[0].name: is missing",
							"llm.fallback.gateway.keys[1].key: is shorter than 16 characters",
							"llm.fallback.gateway.keys[2].key-sha256: is not 64 hex digits",
							"llm.fallback.gateway.keys[2].rpm: is 0",
							"llm.fallback.gateway.keys[4].name: is 'd', as keys[3] is",
							"llm.fallback.gateway.keys[4].key: is the same secret as the key named 'd'")
					.doesNotContain(SECRET)
					.doesNotContain("tiny-key");
			});
	}

	@Test
	void authKeysWithoutKeysIsAProblem() {
		this.contextRunner.withPropertyValues("llm.fallback.gateway.auth=keys")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.fallback.gateway.auth: is 'keys' but no key is configured"));
	}

	@Test
	void secretsAreMaskedInEnvAndConfigprops() {
		this.contextRunner
			.withPropertyValues("llm.fallback.gateway.keys[0].name=team-a",
					"llm.fallback.gateway.keys[0].key=" + SECRET)
			.run((context) -> {
				SanitizingFunction sanitizer = context.getBean("fallbackLlmGatewaySanitizingFunction",
						SanitizingFunction.class);
				assertThat(sanitized(sanitizer, "llm.fallback.gateway.keys[0].key", SECRET)).isNotEqualTo(SECRET);
				assertThat(sanitized(sanitizer, "llm.fallback.gateway.keys[0].key-sha256", "ab")).isNotEqualTo("ab");
				assertThat(sanitized(sanitizer, "TEAM_A_GATEWAY_KEY", SECRET)).isNotEqualTo(SECRET);
				assertThat(sanitized(sanitizer, "llm.fallback.gateway.keys[0].name", "team-a")).isEqualTo("team-a");
			});
	}

	@Test
	void withoutKeysTheGatewayMayListenOnLoopbackOnlyUnlessAllowed() throws Exception {
		GatewayProperties properties = new GatewayProperties();
		assertThatNoException()
			.isThrownBy(() -> GatewayAccessFactory.checkExposure(properties, InetAddress.getByName("127.0.0.1")));
		assertThatNoException()
			.isThrownBy(() -> GatewayAccessFactory.checkExposure(properties, InetAddress.getByName("::1")));
		assertThatThrownBy(() -> GatewayAccessFactory.checkExposure(properties, null))
			.isInstanceOf(GatewayConfigurationException.class)
			.hasMessageContaining("llm.fallback.gateway.auth: is 'none'")
			.hasMessageContaining("every network interface (0.0.0.0)")
			.hasMessageContaining("llm.fallback.gateway.allow-unauthenticated=true");
		assertThatThrownBy(() -> GatewayAccessFactory.checkExposure(properties, InetAddress.getByName("10.1.2.3")))
			.hasMessageContaining("listens on 10.1.2.3");
		properties.setAllowUnauthenticated(true);
		assertThatNoException().isThrownBy(() -> GatewayAccessFactory.checkExposure(properties, null));
	}

	@Test
	void aServerOnEveryInterfaceWithoutKeysRefusesToStartNamingTheProperty() throws IOException {
		String[] providers = { "server.address=0.0.0.0", "llm.fallback.providers[0].name=openai",
				"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].base-url=http://127.0.0.1:9/v1",
				"llm.fallback.providers[0].api-key=sk-test-0123456789abcdef", "llm.fallback.providers[0].models=gpt-4o",
				"llm.fallback.validation.verify-on-startup=false" };
		assertThatThrownBy(() -> RunningApplication.start(providers).close()).satisfies((failure) -> {
			FailureAnalysis analysis = new GatewayConfigurationFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("llm.fallback.gateway.auth: is 'none'",
					"listens on every network interface (0.0.0.0)");
			assertThat(analysis.getAction()).contains("llm.fallback.gateway.enabled=false");
		});
		assertThat(new ClassPathResource("META-INF/spring.factories").getContentAsString(StandardCharsets.UTF_8))
			.contains(GatewayConfigurationFailureAnalyzer.class.getName());
		String[] allowed = Stream
			.concat(Stream.of(providers), Stream.of("llm.fallback.gateway.allow-unauthenticated=true"))
			.toArray(String[]::new);
		assertThatNoException().isThrownBy(() -> RunningApplication.start(allowed).close());
	}

	private static Object sanitized(SanitizingFunction sanitizer, String key, String value) {
		return sanitizer.apply(new SanitizableData(null, key, value)).getValue();
	}

}
