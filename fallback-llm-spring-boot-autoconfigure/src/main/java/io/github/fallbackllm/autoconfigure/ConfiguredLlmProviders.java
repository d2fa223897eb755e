package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.Route;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	/** Prefix of the bean names of configured providers, which tells them from declared ones. */
	static final String BEAN_NAME_PREFIX = "fallbackLlmProvider.";

	private static final Log logger = LogFactory.getLog(ConfiguredLlmProviders.class);

	private final FallbackLlmProperties properties;

	private final Map<String, LlmProviderFactory> factories;

	private final Function<Provider, WebClient.Builder> webClientBuilders;

	/**
	 * Create an instance and validate the configuration.
	 * @param properties the properties
	 * @param factories the provider factories by type
	 * @param declaredProviders names of the providers declared as beans
	 * @param webClientBuilders a customized builder for a provider
	 * @throws InvalidFallbackLlmConfigurationException if validation is enabled and finds
	 * problems
	 */
	ConfiguredLlmProviders(FallbackLlmProperties properties, Map<String, LlmProviderFactory> factories,
			Set<String> declaredProviders, Function<Provider, WebClient.Builder> webClientBuilders) {
		this.properties = properties;
		this.factories = factories;
		this.webClientBuilders = webClientBuilders;
		if (properties.getValidation().isEnabled()) {
			List<ConfigurationProblem> problems = new FallbackLlmPropertiesValidator(factories).validate(properties,
					declaredProviders);
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
		String baseUrl = (provider.getBaseUrl() != null) ? provider.getBaseUrl().strip() : factory.defaultBaseUrl();
		ProviderSettings settings = new ProviderSettings(provider.getName(), baseUrl, provider.getApiKey(),
				provider.getModels(), provider.getHeaders(), (int) provider.getMaxResponseSize().toBytes());
		return factory.create(settings, this.webClientBuilders.apply(provider));
	}

	/**
	 * Return every secret of the configuration, for redaction.
	 * @return the secrets
	 */
	List<String> secrets() {
		List<String> secrets = new ArrayList<>();
		this.properties.getProviders()
			.forEach((provider) -> secrets.addAll(SecretRedactor.secretsOf(provider.getApiKey(), provider.getHeaders())));
		return secrets;
	}

	/**
	 * Order providers into the chain: those named under {@code llm.fallback.providers} in
	 * that order, with their policies, then the others in the given order, with the
	 * global policies.
	 * @param providers all providers, in bean order
	 * @return the routes
	 */
	List<Route> routes(List<LlmProvider> providers) {
		Map<String, LlmProvider> unplaced = new LinkedHashMap<>();
		providers.forEach((provider) -> unplaced.putIfAbsent(provider.name(), provider));
		RetrySettings retry = this.properties.getRetry().resolve(RetrySettings.DEFAULTS);
		CooldownSettings cooldown = this.properties.getCooldown().resolve(CooldownSettings.DEFAULTS);
		AttemptTimeouts timeouts = this.properties.getStream()
			.resolve(AttemptTimeouts.DEFAULTS.response(), AttemptTimeouts.DEFAULTS);
		List<Route> routes = new ArrayList<>();
		for (int i = 0; i < this.properties.getProviders().size(); i++) {
			Provider entry = this.properties.getProviders().get(i);
			LlmProvider provider = unplaced.remove(entry.getName());
			if (provider == null) {
				logger.warn("llm.fallback.providers[" + i + "] names provider '" + entry.getName()
						+ "', which does not exist; it is left out of the chain");
				continue;
			}
			routes.add(new Route(provider, entry.getRetry().resolve(retry), entry.getCooldown().resolve(cooldown),
					entry.getStream().resolve(entry.getResponseTimeout(), timeouts),
					"llm.fallback.providers[" + i + "]"));
		}
		unplaced.values().forEach((provider) -> routes.add(new Route(provider, retry, cooldown, timeouts, null)));
		return routes;
	}

}
