package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.ProviderPolicies;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The providers configured under {@code llm.fallback.providers}: validates the
 * configuration when created, creates each provider bean, and orders all providers into
 * the chain.
 *
 * @author Fallback LLM contributors
 */
final class ConfiguredLlmProviders {

	/**
	 * Prefix of the bean names of configured providers, which tells them from declared
	 * ones.
	 */
	static final String BEAN_NAME_PREFIX = "fallbackLlmProvider.";

	/** How {@link #providerListSources(Environment)} names the environment variables. */
	static final String ENVIRONMENT = "environment variables";

	private static final ConfigurationPropertyName PROVIDERS = ConfigurationPropertyName.of("llm.fallback.providers");

	private static final Log logger = LogFactory.getLog(ConfiguredLlmProviders.class);

	private final FallbackLlmProperties properties;

	private final Map<String, LlmProviderFactory> factories;

	private final Function<Provider, WebClient.Builder> webClientBuilders;

	/**
	 * Create an instance and validate the configuration.
	 * @param properties the properties
	 * @param factories the provider factories by type
	 * @param declaredProviders names of the providers declared as beans
	 * @param declaredSelectors names of the strategies declared as beans
	 * @param providerListSources descriptions of the property sources that set the
	 * provider list
	 * @param ownChatService whether the application declares its own chat service
	 * @param webClientBuilders a customized builder for a provider
	 * @throws InvalidFallbackLlmConfigurationException if validation is enabled and finds
	 * problems
	 */
	ConfiguredLlmProviders(FallbackLlmProperties properties, Map<String, LlmProviderFactory> factories,
			Set<String> declaredProviders, Set<String> declaredSelectors, List<String> providerListSources,
			boolean ownChatService, Function<Provider, WebClient.Builder> webClientBuilders) {
		this.properties = properties;
		this.factories = factories;
		this.webClientBuilders = webClientBuilders;
		if (properties.getValidation().isEnabled()) {
			List<ConfigurationProblem> problems = new FallbackLlmPropertiesValidator(factories).validate(properties,
					declaredProviders, declaredSelectors, providerListSources, ownChatService);
			if (!problems.isEmpty()) {
				throw new InvalidFallbackLlmConfigurationException(problems);
			}
		}
	}

	/**
	 * Load the factories registered in {@code META-INF/spring.factories}.
	 * @param classLoader the class loader to search
	 * @return the factories by type
	 */
	static Map<String, LlmProviderFactory> loadFactories(ClassLoader classLoader) {
		return SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
			.load(LlmProviderFactory.class)
			.stream()
			.collect(Collectors.toMap(LlmProviderFactory::type, Function.identity(), (first, second) -> first,
					LinkedHashMap::new));
	}

	/**
	 * Describe the property sources that set {@code llm.fallback.providers}, in
	 * precedence order.
	 * @param environment the environment
	 * @return the descriptions
	 */
	static List<String> providerListSources(Environment environment) {
		List<String> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(PROVIDERS) == ConfigurationPropertyState.PRESENT) {
				Object underlying = source.getUnderlyingSource();
				String name = (underlying instanceof PropertySource<?> propertySource) ? propertySource.getName()
						: String.valueOf(underlying);
				sources.add((underlying instanceof SystemEnvironmentPropertySource) ? ENVIRONMENT : name);
			}
		}
		return sources;
	}

	/**
	 * Create the provider of one configuration entry.
	 * @param index the entry's index
	 * @return the provider
	 */
	LlmProvider create(int index) {
		Provider provider = this.properties.getProviders().get(index);
		LlmProviderFactory factory = this.factories.get(provider.getType());
		if (factory == null) {
			throw new IllegalStateException("llm.fallback.providers[" + index + "].type '" + provider.getType()
					+ "' is not one of " + this.factories.keySet());
		}
		ProviderSettings settings = new ProviderSettings(provider.getName(), baseUrl(provider, factory),
				provider.getApiKey(), provider.getModels(), provider.getHeaders(),
				(int) provider.getMaxResponseSize().toBytes(), provider.getCapabilities(), provider.getExtraBody(),
				provider.options());
		return factory.create(settings, this.webClientBuilders.apply(provider));
	}

	static String baseUrl(Provider provider, LlmProviderFactory factory) {
		if (provider.getBaseUrl() != null) {
			return provider.getBaseUrl().strip();
		}
		String resource = (provider.getResource() != null) ? provider.getResource().strip() : "";
		return factory.defaultBaseUrl().replace(LlmProviderFactory.RESOURCE_VARIABLE, resource);
	}

	private List<String> secrets() {
		List<String> secrets = new ArrayList<>();
		this.properties.getProviders().forEach((provider) -> {
			secrets
				.addAll(SecretRedactor.secretsOf(provider.getApiKey(), provider.getHeaders(), provider.getBaseUrl()));
			secrets.addAll(SecretRedactor.secretsOf(null, provider.options()));
		});
		return secrets;
	}

	/**
	 * Order providers into the chain: those named under {@code llm.fallback.providers} in
	 * that order, with their policies, then the others in the given order, with the
	 * global policies.
	 * @param providers all providers, in bean order
	 * @return the chain
	 */
	LlmProviderChain chain(List<LlmProvider> providers) {
		Map<String, LlmProvider> unplaced = new LinkedHashMap<>();
		providers.forEach((provider) -> unplaced.putIfAbsent(provider.name(), provider));
		RetrySettings retry = this.properties.getRetry().resolve(RetrySettings.DEFAULTS);
		CooldownSettings cooldown = this.properties.getCooldown().resolve(CooldownSettings.DEFAULTS);
		AttemptTimeouts timeouts = this.properties.getStream()
			.resolve(AttemptTimeouts.DEFAULTS.response(), AttemptTimeouts.DEFAULTS);
		List<String> secrets = secrets();
		SecretRedactor redactor = SecretRedactor.of(secrets);
		List<LlmProviderChain.Link> links = new ArrayList<>();
		for (int i = 0; i < this.properties.getProviders().size(); i++) {
			Provider entry = this.properties.getProviders().get(i);
			LlmProvider provider = unplaced.remove(entry.getName());
			if (provider == null) {
				logger.warn("llm.fallback.providers[" + i + "] names provider '" + entry.getName()
						+ "', which does not exist; it is left out of the chain");
				continue;
			}
			LlmProviderFactory factory = (entry.getType() != null) ? this.factories.get(entry.getType()) : null;
			// An entry that only places a bean-declared provider holds no key or models
			// to point at.
			ProviderPolicies policies = new ProviderPolicies(provider, entry.getRetry().resolve(retry),
					entry.getCooldown().resolve(cooldown),
					entry.getStream().resolve(entry.getResponseTimeout(), timeouts),
					new BudgetLimits(entry.getRpm(), entry.getTpm()));
			links.add((factory != null)
					? new LlmProviderChain.Link(policies, factory.type(), redactor.redactUrl(baseUrl(entry, factory)),
							"llm.fallback.providers[" + i + "]")
					: new LlmProviderChain.Link(policies, null, null, null));
		}
		unplaced.values()
			.forEach((provider) -> links.add(new LlmProviderChain.Link(
					new ProviderPolicies(provider, retry, cooldown, timeouts), null, null, null)));
		return new LlmProviderChain(links, secrets);
	}

}
