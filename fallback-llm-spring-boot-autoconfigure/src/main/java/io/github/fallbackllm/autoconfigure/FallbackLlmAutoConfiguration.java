package io.github.fallbackllm.autoconfigure;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.event.FallbackListener;
import io.github.fallbackllm.observation.FallbackObservations;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.routing.selection.TargetSelector;
import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link FallbackChatService}: one
 * {@link LlmProvider} bean per entry of {@code llm.fallback.providers}, built on the
 * application's {@link WebClient.Builder}, and the service that routes calls over them,
 * assembled by {@link FallbackChatService#builder()} as an application would, with its
 * {@link FallbackEmbeddingService}.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(WebClient.class)
@ConditionalOnBooleanProperty(name = "llm.fallback.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FallbackLlmProperties.class)
@Import(LlmProviderBeanRegistrar.class)
public final class FallbackLlmAutoConfiguration {

	@Bean
	@Lazy(false)
	ConfiguredLlmProviders configuredLlmProviders(FallbackLlmProperties properties,
			ConfigurableListableBeanFactory beanFactory, ResourceLoader resourceLoader, Environment environment,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<FallbackLlmWebClientCustomizer> customizers) {
		return new ConfiguredLlmProviders(properties,
				ConfiguredLlmProviders.loadFactories(resourceLoader.getClassLoader()),
				declaredProviderNames(beanFactory), declaredSelectorNames(beanFactory),
				ConfiguredLlmProviders.providerListSources(environment),
				declaresOwn(beanFactory, FallbackChatService.class), (provider) -> {
					WebClient.Builder builder = webClientBuilder.getIfAvailable(WebClient::builder);
					customizers.orderedStream().forEach((customizer) -> customizer.customize(provider, builder));
					return builder;
				});
	}

	@Bean
	@ConditionalOnMissingBean
	TargetStateStore llmTargetStateStore() {
		return new InMemoryTargetStateStore();
	}

	@Bean
	@ConditionalOnMissingBean
	FailurePolicy llmFailurePolicy() {
		return FailurePolicy.STANDARD;
	}

	@Bean
	LlmProviderChain llmProviderChain(ConfiguredLlmProviders configured, ObjectProvider<LlmProvider> providers) {
		return configured.chain(providers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackChatService fallbackChatService(FallbackLlmProperties properties, LlmProviderChain chain,
			TargetStateStore states, FailurePolicy failurePolicy, ObjectProvider<FallbackListener> listeners,
			ObjectProvider<TargetSelector> selectors, ObjectProvider<FallbackObservations> observations) {
		FallbackChatService.Builder builder = FallbackChatService.builder()
			.timeout(properties.getTimeout())
			.stateStore(states)
			.failurePolicy(failurePolicy)
			.secrets(chain.secrets())
			.advice(chain.advice())
			.observations(observations.getIfAvailable(() -> FallbackObservations.NOOP))
			.defaultRoute(properties.getDefaultRoute());
		chain.providers().forEach(builder::provider);
		ConfiguredRoutes.of(properties).forEach(builder::route);
		selectors.orderedStream().forEach(builder::selector);
		listeners.orderedStream().forEach(builder::listener);
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	FallbackEmbeddingService fallbackEmbeddingService(FallbackChatService fallbackChatService) {
		return fallbackChatService.embeddings();
	}

	/** Whether a bean of the type exists that this auto-configuration does not define. */
	private static boolean declaresOwn(ConfigurableListableBeanFactory beanFactory, Class<?> type) {
		return Arrays.stream(beanFactory.getBeanNamesForType(type, true, false))
			.anyMatch(
					(name) -> !beanFactory.containsBeanDefinition(name) || !FallbackLlmAutoConfiguration.class.getName()
						.equals(beanFactory.getBeanDefinition(name).getFactoryBeanName()));
	}

	private static Set<String> declaredSelectorNames(ListableBeanFactory beanFactory) {
		return beanFactory.getBeansOfType(TargetSelector.class)
			.values()
			.stream()
			.map(TargetSelector::name)
			.collect(Collectors.toSet());
	}

	private static Set<String> declaredProviderNames(ListableBeanFactory beanFactory) {
		return Arrays.stream(beanFactory.getBeanNamesForType(LlmProvider.class))
			.filter((name) -> !name.startsWith(ConfiguredLlmProviders.BEAN_NAME_PREFIX))
			.map((name) -> beanFactory.getBean(name, LlmProvider.class).name())
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "llm.fallback.validation.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty("llm.fallback.validation.verify-on-startup")
	static class StartupVerificationConfiguration {

		@Bean
		LlmProviderStartupVerifier llmProviderStartupVerifier(LlmProviderChain chain, FailurePolicy failurePolicy,
				FallbackLlmProperties properties) {
			return new LlmProviderStartupVerifier(chain, failurePolicy, properties.getHealth().getTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "fallbackLlmSanitizingFunction")
		SanitizingFunction fallbackLlmSanitizingFunction(FallbackLlmProperties properties) {
			return new FallbackLlmSanitizingFunction(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpConnectorBuilder.class)
	static class HttpClientConfiguration {

		/**
		 * Give each provider its own connect timeout, on a connector built like the one
		 * Spring Boot configures from {@code spring.http.clients.*}.
		 */
		@Bean
		@Order(0)
		@Conditional(OnNoApplicationClientHttpConnectorCondition.class)
		FallbackLlmWebClientCustomizer fallbackLlmConnectTimeoutCustomizer(ResourceLoader resourceLoader,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> settings) {
			ClientHttpConnectorBuilder<?> builder = connectorBuilder
				.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader()));
			HttpClientSettings base = settings.getIfAvailable(HttpClientSettings::defaults);
			return (provider, webClientBuilder) -> webClientBuilder
				.clientConnector(builder.build(base.withConnectTimeout(provider.getConnectTimeout())));
		}

	}

}
