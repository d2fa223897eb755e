package io.github.fallbackllm.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.chat.FinishReason;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.anthropic.AnthropicLlmProvider;
import io.github.fallbackllm.provider.openai.OpenAiLlmProvider;
import io.github.fallbackllm.state.TargetStateStore;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static io.github.fallbackllm.testsupport.ProviderStubs.openAiCompletion;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmAutoConfiguration}.
 */
class FallbackLlmAutoConfigurationTests {

	private static final String OPENAI_KEY = "sk-proj-autoconf0123456789abcdefOPENAI";

	private static final String ANTHROPIC_KEY = "sk-ant-autoconf-CLAUDE";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class));

	@Test
	void runShouldCreateOneProviderBeanPerConfiguredProviderAndTheService() {
		this.contextRunner.withPropertyValues(twoProviders()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeansOfType(LlmProvider.class)).containsOnlyKeys("fallbackLlmProvider.openai",
					"fallbackLlmProvider.anthropic");
			assertThat(context.getBean("fallbackLlmProvider.openai")).isInstanceOf(OpenAiLlmProvider.class);
			assertThat(context.getBean("fallbackLlmProvider.anthropic")).isInstanceOf(AnthropicLlmProvider.class);
			assertThat(context).hasSingleBean(FallbackChatService.class)
				.hasSingleBean(TargetStateStore.class)
				.hasSingleBean(LlmProviderChain.class);
			assertThat(context.getBean(LlmProviderChain.class).links()).satisfiesExactly((openai) -> {
				assertThat(openai.provider().name()).isEqualTo("openai");
				assertThat(openai.type()).isEqualTo("openai");
				assertThat(openai.baseUrl()).isEqualTo(server.baseUrl() + "/v1");
				assertThat(openai.configPrefix()).isEqualTo("llm.fallback.providers[0]");
			}, (anthropic) -> {
				assertThat(anthropic.provider().name()).isEqualTo("anthropic");
				assertThat(anthropic.baseUrl()).isEqualTo("https://api.anthropic.com/v1");
			});
		});
	}

	@Test
	void runWithUserDefinedFallbackChatServiceShouldBackOff() {
		this.contextRunner.withPropertyValues(twoProviders())
			.withUserConfiguration(UserChatServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(FallbackChatService.class);
				assertThat(context.getBean(FallbackChatService.class))
					.isSameAs(context.getBean(UserChatServiceConfiguration.class).service);
				assertThat(context).hasSingleBean(LlmProviderChain.class);
			});
	}

	@Test
	void runWithUserDefinedFallbackChatServiceShouldNeedNoConfiguredProvider() {
		this.contextRunner.withUserConfiguration(UserChatServiceConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(FallbackChatService.class))
				.isSameAs(context.getBean(UserChatServiceConfiguration.class).service);
		});
	}

	@Test
	void runWithBootsConnectorShouldGiveEachProviderItsConnectTimeout() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues(twoProviders())
			.run((context) -> assertThat(context).hasBean("fallbackLlmConnectTimeoutCustomizer"));
	}

	@Test
	void runWithApplicationConnectorShouldKeepItForProviders() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withUserConfiguration(ApplicationConnectorConfiguration.class)
			.withPropertyValues(twoProviders())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("fallbackLlmConnectTimeoutCustomizer");
				assertThat(context.getBean(ClientHttpConnector.class))
					.isSameAs(context.getBean(ApplicationConnectorConfiguration.class).connector);
			});
	}

	@Test
	void runWhenDisabledShouldCreateNothing() {
		this.contextRunner.withPropertyValues(twoProviders())
			.withPropertyValues("llm.fallback.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FallbackChatService.class)
				.doesNotHaveBean(LlmProvider.class)
				.doesNotHaveBean(LlmProviderChain.class)
				.doesNotHaveBean(TargetStateStore.class)
				.doesNotHaveBean(FallbackLlmProperties.class)
				.doesNotHaveBean(SanitizingFunction.class));
	}

	@Test
	void providersCanBeConfiguredEntirelyFromEnvironmentVariables() {
		server.stubFor(post("/v1/chat/completions").willReturn(ok(openAiCompletion("gpt-4o", "From env"))));
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
					Map.of("LLM_FALLBACK_PROVIDERS_0_NAME", "openai", "LLM_FALLBACK_PROVIDERS_0_TYPE", "openai",
							"LLM_FALLBACK_PROVIDERS_0_BASE_URL", server.baseUrl() + "/v1",
							"LLM_FALLBACK_PROVIDERS_0_API_KEY", OPENAI_KEY, "LLM_FALLBACK_PROVIDERS_0_MODELS",
							"gpt-4o,gpt-4o-mini", "LLM_FALLBACK_RETRY_MAX_RETRIES", "0"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FallbackLlmProperties.Provider provider = context.getBean(FallbackLlmProperties.class)
					.getProviders()
					.get(0);
				assertThat(provider.getApiKey()).isEqualTo(OPENAI_KEY);
				assertThat(provider.getModels()).containsExactly("gpt-4o", "gpt-4o-mini");
				ChatResponse response = context.getBean(FallbackChatService.class).chat(ChatRequest.of("Hi"));
				assertThat(response.content()).isEqualTo("From env");
				server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization",
						equalTo("Bearer " + OPENAI_KEY)));
			});
	}

	@Test
	void keyFromAnEnvironmentVariableOnTopOfAListInAnotherSourceIsReportedAsReplacingTheList() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].models=gpt-4o")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("LLM_FALLBACK_PROVIDERS_0_API_KEY", OPENAI_KEY))))
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidFallbackLlmConfigurationException failure = invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems().get(0)).satisfies((problem) -> {
					assertThat(problem.property()).isEqualTo("llm.fallback.providers");
					assertThat(problem.problem()).startsWith("is set in 2 places (environment variables; test)")
						.contains("takes the whole list from the first");
					assertThat(problem.action()).contains("api-key: ${OPENAI_API_KEY}");
				});
				assertThat(failure.getMessage()).doesNotContain(OPENAI_KEY);
			});
	}

	@Test
	void keyFromAnEnvironmentVariableIgnoredForAListInAnotherSourceIsReportedOnItsOwn() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1",
					"llm.fallback.providers[0].models=gpt-4o")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("LLM_FALLBACK_PROVIDERS_0_API_KEY", OPENAI_KEY))))
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidFallbackLlmConfigurationException failure = invalidConfiguration(context.getStartupFailure());
				assertThat(failure.getProblems()).singleElement().satisfies((problem) -> {
					assertThat(problem.property()).isEqualTo("llm.fallback.providers");
					assertThat(problem.problem()).startsWith("is set in 2 places (test; environment variables)")
						.contains("ignores the entries of the others");
				});
				assertThat(failure.getMessage()).doesNotContain(OPENAI_KEY);
			});
	}

	@Test
	void aListReplacedWholeByAnotherSourceIsNoProblemWhenNoVariableIsIgnored() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1",
					"llm.fallback.providers[0].models=gpt-4o")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("application.yml",
						Map.of("llm.fallback.providers[0].name", "default", "llm.fallback.providers[0].type", "openai",
								"llm.fallback.providers[0].models", "gpt-4o-mini"))))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void declaredProviderNamedByAnEntryWithoutTypeTakesThatPlaceInTheChain() {
		this.contextRunner.withUserConfiguration(DeclaredProvidersConfiguration.class)
			.withPropertyValues("llm.fallback.providers[0].name=in-house",
					"llm.fallback.providers[0].retry.max-retries=3", "llm.fallback.providers[1].name=openai",
					"llm.fallback.providers[1].type=openai", "llm.fallback.providers[1].base-url=" + server.baseUrl(),
					"llm.fallback.providers[1].models=gpt-4o")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<LlmProviderChain.Link> links = context.getBean(LlmProviderChain.class).links();
				assertThat(links).extracting((link) -> link.provider().name())
					.containsExactly("in-house", "openai", "second", "third");
				assertThat(links.get(0).policies().retry().maxRetries()).isEqualTo(3);
				assertThat(links.get(0).type()).isNull();
				assertThat(links.get(0).configPrefix()).as("no key or models to point at").isNull();
				assertThat(links.get(2).configPrefix()).isNull();
			});
	}

	@Test
	void declaredProvidersNamedByNoEntryFollowTheConfiguredOnesInOrder() {
		this.contextRunner.withUserConfiguration(DeclaredProvidersConfiguration.class)
			.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].base-url=" + server.baseUrl(), "llm.fallback.providers[0].models=gpt-4o")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LlmProviderChain.class).links()).extracting((link) -> link.provider().name())
					.containsExactly("openai", "second", "in-house", "third");
				ChatResponse response = context.getBean(FallbackChatService.class)
					.chatAsync(ChatRequest.of("Hi"))
					.onErrorResume((ex) -> Mono.empty())
					.block(Duration.ofSeconds(10));
				// openai has no stub: the chain falls back to the first declared
				// provider.
				assertThat(response.provider()).isEqualTo("second");
			});
	}

	@Test
	void webClientCustomizerIsAppliedToEachConfiguredProvider() {
		server.stubFor(get("/v1/models").willReturn(ok("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"}]}")));
		this.contextRunner.withPropertyValues(twoProviders())
			.withBean(FallbackLlmWebClientCustomizer.class,
					() -> (provider, builder) -> builder.defaultHeader("X-Provider-Name", provider.getName()))
			.run((context) -> {
				LlmProvider openai = context.getBean("fallbackLlmProvider.openai", LlmProvider.class);
				assertThat(openai.listModels().block()).containsExactly("gpt-4o");
				server
					.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("X-Provider-Name", equalTo("openai")));
			});
	}

	@Test
	void providerRetryAndCooldownOverridesFallBackToTheGlobalValuesThenToTheDefaults() {
		this.contextRunner.withPropertyValues(twoProviders())
			.withPropertyValues("llm.fallback.retry.max-retries=2", "llm.fallback.retry.delay=1s",
					"llm.fallback.cooldown.duration=45s", "llm.fallback.providers[0].retry.max-retries=0",
					"llm.fallback.providers[0].cooldown.failure-threshold=1",
					"llm.fallback.providers[0].stream.idle-timeout=5s")
			.run((context) -> {
				List<ProviderPolicies> routes = context.getBean(LlmProviderChain.class).providers();
				ProviderPolicies openai = routes.get(0);
				assertThat(openai.retry().maxRetries()).isZero();
				assertThat(openai.retry().delay()).isEqualTo(Duration.ofSeconds(1));
				assertThat(openai.retry().multiplier()).isEqualTo(RetrySettings.DEFAULTS.multiplier());
				assertThat(openai.cooldown()).isEqualTo(
						new CooldownSettings(1, Duration.ofSeconds(45), CooldownSettings.DEFAULTS.longDuration()));
				assertThat(openai.timeouts().idle()).isEqualTo(Duration.ofSeconds(5));
				ProviderPolicies anthropic = routes.get(1);
				assertThat(anthropic.retry().maxRetries()).isEqualTo(2);
				assertThat(anthropic.retry().delay()).isEqualTo(Duration.ofSeconds(1));
				assertThat(anthropic.cooldown().failureThreshold())
					.isEqualTo(CooldownSettings.DEFAULTS.failureThreshold());
				assertThat(anthropic.cooldown().duration()).isEqualTo(Duration.ofSeconds(45));
				assertThat(anthropic.timeouts().idle()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void runWithInvalidConfigurationShouldFailAtStartup() {
		this.contextRunner
			.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
					"llm.fallback.providers[0].models=gpt-4o")
			.run((context) -> assertThat(invalidConfiguration(context.getStartupFailure()).getProblems())
				.extracting(ConfigurationProblem::property)
				.containsExactly("llm.fallback.providers[0].api-key"));
	}

	@Test
	void runWithValidationDisabledShouldStartDespiteProblems() {
		this.contextRunner
			.withPropertyValues("llm.fallback.validation.enabled=false", "llm.fallback.providers[0].name=openai",
					"llm.fallback.providers[0].type=openai", "llm.fallback.providers[0].models=gpt-4o")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(FallbackChatService.class));
	}

	@Test
	void runShouldVerifyProvidersAtStartupOnlyWhenAskedTo() {
		this.contextRunner.withPropertyValues(twoProviders())
			.run((context) -> assertThat(context).doesNotHaveBean(LlmProviderStartupVerifier.class));
		this.contextRunner.withPropertyValues(twoProviders())
			.withPropertyValues("llm.fallback.validation.verify-on-startup=true",
					"llm.fallback.validation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmProviderStartupVerifier.class));
	}

	@Test
	void runWithActuatorShouldCreateSanitizingFunction() {
		this.contextRunner.withPropertyValues(twoProviders())
			.run((context) -> assertThat(context).hasSingleBean(SanitizingFunction.class));
	}

	@Test
	void runWithoutActuatorShouldNotCreateSanitizingFunction() {
		this.contextRunner.withPropertyValues(twoProviders())
			.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SanitizingFunction.class)
				.hasSingleBean(FallbackChatService.class));
	}

	static String[] twoProviders() {
		return new String[] { "llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].base-url=" + server.baseUrl() + "/v1",
				"llm.fallback.providers[0].api-key=" + OPENAI_KEY,
				"llm.fallback.providers[0].models=gpt-4o,gpt-4o-mini", "llm.fallback.providers[1].name=anthropic",
				"llm.fallback.providers[1].type=anthropic", "llm.fallback.providers[1].api-key=" + ANTHROPIC_KEY,
				"llm.fallback.providers[1].models=claude-sonnet-4-5" };
	}

	static InvalidFallbackLlmConfigurationException invalidConfiguration(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidFallbackLlmConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("startup failure caused by invalid configuration: %s", failure).isNotNull();
		return (InvalidFallbackLlmConfigurationException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationConnectorConfiguration {

		final ClientHttpConnector connector = new ReactorClientHttpConnector();

		@Bean
		ClientHttpConnector applicationConnector() {
			return this.connector;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserChatServiceConfiguration {

		final FallbackChatService service = FallbackChatService.builder().provider(new NamedProvider("user")).build();

		@Bean
		FallbackChatService userChatService() {
			return this.service;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeclaredProvidersConfiguration {

		@Bean
		@Order(3)
		LlmProvider thirdProvider() {
			return new NamedProvider("third");
		}

		@Bean
		@Order(2)
		LlmProvider inHouseProvider() {
			return new NamedProvider("in-house");
		}

		@Bean
		@Order(1)
		LlmProvider secondProvider() {
			return new NamedProvider("second");
		}

	}

	/**
	 * A provider declared in code that answers with its own name.
	 */
	record NamedProvider(String name) implements LlmProvider {

		@Override
		public List<String> models() {
			return List.of(this.name + "-model");
		}

		@Override
		public Mono<ChatResponse> chat(String model, ChatRequest request) {
			return Mono
				.just(new ChatResponse("from " + this.name, this.name, model, FinishReason.STOP, null, List.of()));
		}

	}

}
