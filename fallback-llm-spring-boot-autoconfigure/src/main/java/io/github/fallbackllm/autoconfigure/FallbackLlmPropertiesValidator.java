package io.github.fallbackllm.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Cooldown;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Retry;
import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Stream;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.NameSuggestions;
import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Finds every problem of a {@code llm.fallback} configuration that would otherwise
 * surface at request time: missing or placeholder keys, unknown types, missing models,
 * malformed URLs, out-of-range durations and counts, and routes that name what does not
 * exist ({@link RouteRules}).
 *
 * @author Fallback LLM contributors
 */
final class FallbackLlmPropertiesValidator {

	private static final String PREFIX = "llm.fallback";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	/**
	 * Values left from documentation or templates: {@code <your key>}, {@code sk-...},
	 * {@code xxx}, {@code sk-proj-xxxx}, {@code changeme}, {@code your_openai_api_key}.
	 */
	private static final Pattern PLACEHOLDER_KEY = Pattern
		.compile("(?i)(?:" + "<.*>|.*\\.\\.\\..*|(?:[a-z0-9]+[-_])*[x*]{3,}|change[-_ ]?me|replace[-_ ]?me|todo|tbd"
				+ "|placeholder|(?:your|my|insert|enter|put)[-_ ]?.*key.*|.*key[-_ ]?here|api[-_]?key)");

	/**
	 * A property placeholder that was not resolved, such as {@code ${OPENAI_API_KEY}}.
	 */
	private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^}:]*)[^}]*}");

	private static final int MAX_RETRIES = 10;

	/**
	 * Timers and deadlines count in nanoseconds from now and cooldowns end at an instant:
	 * far longer durations overflow them at run time, and none is of use.
	 */
	private static final Duration MAX_DURATION = Duration.ofDays(365);

	/** Netty takes the connect timeout as an int of milliseconds, about 24.8 days. */
	private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofDays(24);

	private final Map<String, LlmProviderFactory> factories;

	FallbackLlmPropertiesValidator(Map<String, LlmProviderFactory> factories) {
		this.factories = factories;
	}

	/**
	 * Validate the configuration.
	 * @param properties the bound properties
	 * @param declaredProviders names of providers declared as beans
	 * @param declaredSelectors names of the strategies declared as beans
	 * @param providerListSources descriptions of the property sources that set
	 * {@code llm.fallback.providers}, in precedence order
	 * @param ownChatService whether the application declares its own
	 * {@code FallbackChatService}, which needs no configured provider
	 * @return every problem found, in property order
	 */
	List<ConfigurationProblem> validate(FallbackLlmProperties properties, Set<String> declaredProviders,
			Set<String> declaredSelectors, List<String> providerListSources, boolean ownChatService) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		if (properties.getProviders().isEmpty() && declaredProviders.isEmpty() && !ownChatService) {
			problems.add(new ConfigurationProblem(PREFIX + ".providers", "no provider is configured",
					"add at least one provider with a name, type, api-key and models, or set "
							+ "llm.fallback.enabled=false"));
		}
		positive(problems, PREFIX + ".timeout", properties.getTimeout());
		retry(problems, PREFIX + ".retry", properties.getRetry());
		cooldown(problems, PREFIX + ".cooldown", properties.getCooldown());
		stream(problems, PREFIX + ".stream", properties.getStream());
		positive(problems, PREFIX + ".health.cache-ttl", properties.getHealth().getCacheTtl());
		positive(problems, PREFIX + ".health.timeout", properties.getHealth().getTimeout());
		positive(problems, PREFIX + ".health.probe-interval", properties.getHealth().getProbeInterval());
		Map<String, Integer> names = new HashMap<>();
		for (int i = 0; i < properties.getProviders().size(); i++) {
			provider(problems, i, properties.getProviders().get(i), names, declaredProviders);
		}
		RouteRules.validate(problems, properties, declaredProviders, declaredSelectors);
		BudgetRules.oneBudgetPerTarget(problems, properties);
		// Spring Boot binds a list from one source only, so
		// LLM_FALLBACK_PROVIDERS_0_API_KEY
		// replaces every entry of application.yml rather than adding a key to one, or is
		// ignored when a source before it sets the list. A list replaced whole by another
		// source (a profile's, say) is no problem of its own.
		boolean variablesIgnored = providerListSources.indexOf(ConfiguredLlmProviders.ENVIRONMENT) > 0;
		if (providerListSources.size() > 1 && (!problems.isEmpty() || variablesIgnored)) {
			problems.add(0, new ConfigurationProblem(PREFIX + ".providers", "is set in " + providerListSources.size()
					+ " places (" + String.join("; ", providerListSources)
					+ "); Spring Boot takes the whole list from the first and ignores the entries of the others",
					"define the providers in one place; to keep keys out of application.yml, read them with "
							+ "placeholders of other names, such as api-key: ${OPENAI_API_KEY}"));
		}
		return problems;
	}

	private void provider(List<ConfigurationProblem> problems, int index, Provider provider, Map<String, Integer> names,
			Set<String> declaredProviders) {
		String prefix = PREFIX + ".providers[" + index + "]";
		String name = provider.getName();
		if (!StringUtils.hasText(name)) {
			problems.add(new ConfigurationProblem(prefix + ".name", "is missing",
					"give the provider a unique name, such as 'openai'"));
		}
		else if (!NAME.matcher(name).matches()) {
			problems.add(new ConfigurationProblem(prefix + ".name",
					"'" + name + "' has characters other than " + "letters, digits, '.', '-' and '_'",
					"rename it; the name appears in health paths and logs"));
		}
		else if (names.containsKey(name)) {
			problems.add(new ConfigurationProblem(prefix + ".name",
					"'" + name + "' is also the name of llm.fallback.providers[" + names.get(name) + "]",
					"give each provider a unique name"));
		}
		else {
			names.put(name, index);
		}
		String type = provider.getType();
		if (!StringUtils.hasText(type)) {
			if (name == null || !declaredProviders.contains(name)) {
				problems.add(new ConfigurationProblem(prefix + ".type", "is missing", "set it to one of " + validTypes()
						+ ", or declare an LlmProvider bean named '" + ((name != null) ? name : "...") + "'"));
			}
		}
		else if (!this.factories.containsKey(type)) {
			String suggestion = NameSuggestions.closest(type, this.factories.keySet());
			problems.add(new ConfigurationProblem(prefix + ".type",
					"'" + type + "' is not a known type"
							+ ((suggestion != null) ? "; did you mean '" + suggestion + "'?" : ""),
					"use one of " + validTypes()));
		}
		else {
			if (name != null && declaredProviders.contains(name)) {
				problems.add(new ConfigurationProblem(prefix + ".name",
						"'" + name + "' is also the name of an LlmProvider bean",
						"rename the bean's provider or this entry"));
			}
			endpoint(problems, prefix, provider, this.factories.get(type));
			models(problems, prefix, provider.getModels());
		}
		positive(problems, prefix + ".connect-timeout", provider.getConnectTimeout(), MAX_CONNECT_TIMEOUT, "5s");
		positive(problems, prefix + ".response-timeout", provider.getResponseTimeout());
		long maxResponseBytes = provider.getMaxResponseSize().toBytes();
		if (maxResponseBytes <= 0 || maxResponseBytes > Integer.MAX_VALUE) {
			problems.add(new ConfigurationProblem(prefix + ".max-response-size",
					"must be more than 0 and at most 2GB (is " + provider.getMaxResponseSize() + ")",
					"set a size such as 10MB"));
		}
		BudgetRules.limits(problems, prefix, provider.getRpm(), provider.getTpm());
		retry(problems, prefix + ".retry", provider.getRetry());
		cooldown(problems, prefix + ".cooldown", provider.getCooldown());
		stream(problems, prefix + ".stream", provider.getStream());
	}

	private void endpoint(List<ConfigurationProblem> problems, String prefix, Provider provider,
			LlmProviderFactory factory) {
		String baseUrl = provider.getBaseUrl();
		if (baseUrl != null && !isHttpUrl(baseUrl)) {
			String shown = SecretRedactor.of(SecretRedactor.secretsOf(provider.getApiKey(), provider.getHeaders()))
				.redactUrl(baseUrl);
			problems.add(new ConfigurationProblem(prefix + ".base-url", "'" + shown + "' is not an http(s) URL",
					"use a URL such as " + factory.defaultBaseUrl() + ", or remove it to use that default"));
		}
		ProviderEndpointRules.resource(problems, prefix, provider, factory);
		String apiKey = provider.getApiKey();
		String property = prefix + ".api-key";
		String placeholder = "api-key: ${" + factory.type().toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY}";
		String fromEnvironment = "set it from an environment variable, such as " + placeholder;
		if (apiKey == null || apiKey.isEmpty()) {
			if (ProviderEndpointRules.requiresApiKey(provider, factory)) {
				String endpoint = SecretRedactor.of(SecretRedactor.secretsOf(apiKey, provider.getHeaders()))
					.redactUrl(ConfiguredLlmProviders.baseUrl(provider, factory));
				problems.add(new ConfigurationProblem(property, "is missing (" + endpoint + " requires a key)",
						fromEnvironment + "; for an endpoint without authentication, set api-key-required: false"));
			}
		}
		else if (apiKey.isBlank()) {
			problems.add(new ConfigurationProblem(property, "is blank (" + SecretRedactor.mask(apiKey) + ")",
					fromEnvironment));
		}
		else if (UNRESOLVED.matcher(apiKey).find()) {
			List<String> variables = UNRESOLVED.matcher(apiKey).results().map((match) -> match.group(1)).toList();
			problems.add(new ConfigurationProblem(property,
					"was never resolved: " + String.join(", ", variables) + " is not set",
					"set the environment variable " + String.join(", ", variables)
							+ ", or give the placeholder a default, such as ${" + variables.get(0) + ":}"));
		}
		else if (PLACEHOLDER_KEY.matcher(apiKey.strip()).matches()) {
			problems.add(new ConfigurationProblem(property,
					"looks like a placeholder, not a key (" + SecretRedactor.mask(apiKey) + ")",
					"replace it with the real key, read from an environment variable, such as " + placeholder));
		}
		else if (apiKey.chars().anyMatch(Character::isWhitespace)) {
			problems.add(new ConfigurationProblem(property, "contains whitespace (" + SecretRedactor.mask(apiKey) + ")",
					"remove the spaces or line breaks copied along with the key"));
		}
	}

	private static void models(List<ConfigurationProblem> problems, String prefix, List<String> models) {
		if (models.isEmpty()) {
			problems.add(new ConfigurationProblem(prefix + ".models", "is empty",
					"list the models to try, in order, such as [gpt-4o, gpt-4o-mini]"));
		}
		Set<String> seen = new TreeSet<>();
		for (int j = 0; j < models.size(); j++) {
			String model = models.get(j);
			if (!StringUtils.hasText(model)) {
				problems.add(new ConfigurationProblem(prefix + ".models[" + j + "]", "is blank",
						"name a model or remove the entry"));
			}
			else if (!seen.add(model)) {
				problems.add(new ConfigurationProblem(prefix + ".models[" + j + "]", "'" + model + "' is listed twice",
						"remove the duplicate"));
			}
		}
	}

	private static void retry(List<ConfigurationProblem> problems, String prefix, Retry retry) {
		Integer maxRetries = retry.getMaxRetries();
		if (maxRetries != null && (maxRetries < 0 || maxRetries > MAX_RETRIES)) {
			problems.add(new ConfigurationProblem(prefix + ".max-retries",
					"must be between 0 and " + MAX_RETRIES + " (is " + maxRetries + ")",
					"retry less: after a retry or two the next target is the better bet"));
		}
		notNegative(problems, prefix + ".delay", retry.getDelay());
		Double multiplier = retry.getMultiplier();
		if (multiplier != null && !(multiplier >= 1 && multiplier <= 10)) {
			problems.add(new ConfigurationProblem(prefix + ".multiplier",
					"must be between 1 and 10 (is " + multiplier + ")", "use 2 to double each wait"));
		}
		positive(problems, prefix + ".max-delay", retry.getMaxDelay());
		notNegative(problems, prefix + ".jitter", retry.getJitter());
		notNegative(problems, prefix + ".max-retry-after", retry.getMaxRetryAfter());
	}

	private static void cooldown(List<ConfigurationProblem> problems, String prefix, Cooldown cooldown) {
		Integer threshold = cooldown.getFailureThreshold();
		if (threshold != null && threshold < 1) {
			problems.add(
					new ConfigurationProblem(prefix + ".failure-threshold", "must be at least 1 (is " + threshold + ")",
							"set how many consecutive failures cool a target down, such as 3"));
		}
		positive(problems, prefix + ".duration", cooldown.getDuration());
		positive(problems, prefix + ".long-duration", cooldown.getLongDuration());
	}

	private static void stream(List<ConfigurationProblem> problems, String prefix, Stream stream) {
		positive(problems, prefix + ".first-token-timeout", stream.getFirstTokenTimeout());
		positive(problems, prefix + ".idle-timeout", stream.getIdleTimeout());
	}

	private static void positive(List<ConfigurationProblem> problems, String property, @Nullable Duration value) {
		positive(problems, property, value, MAX_DURATION, "30s");
	}

	private static void positive(List<ConfigurationProblem> problems, String property, @Nullable Duration value,
			Duration max, String example) {
		if (value != null && (value.isZero() || value.isNegative())) {
			problems.add(new ConfigurationProblem(property, "must be longer than 0 (is " + value + ")",
					"set a positive duration, such as " + example));
		}
		atMost(problems, property, value, max, example);
	}

	private static void notNegative(List<ConfigurationProblem> problems, String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			problems.add(new ConfigurationProblem(property, "must not be negative (is " + value + ")",
					"set a duration of 0 or more, such as 200ms"));
		}
		atMost(problems, property, value, MAX_DURATION, "200ms");
	}

	private static void atMost(List<ConfigurationProblem> problems, String property, @Nullable Duration value,
			Duration max, String example) {
		if (value != null && value.compareTo(max) > 0) {
			problems
				.add(new ConfigurationProblem(property, "must be at most " + max.toDays() + " days (is " + value + ")",
						"set a duration such as " + example));
		}
	}

	private static boolean isHttpUrl(String value) {
		try {
			URI uri = new URI(value.strip());
			return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& StringUtils.hasText(uri.getHost());
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private String validTypes() {
		return String.join(", ", new TreeSet<>(this.factories.keySet()));
	}

}
