package io.github.fallbackllm.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.fallbackllm.provider.SecretRedactor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a failure to bind {@code llm.fallback.providers} without the values involved,
 * which may be API keys: it runs before Spring Boot's own bind analyzers, which print
 * them.
 * <p>
 * The usual cause is a list entry set by an environment variable, such as
 * {@code LLM_FALLBACK_PROVIDERS_1_API_KEY}: Spring Boot binds a list from one property
 * source only, so that variable replaces the list of {@code application.yml} instead of
 * adding a key to one of its entries.
 *
 * @author Fallback LLM contributors
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class FallbackLlmProvidersBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final ConfigurationPropertyName PROVIDERS = ConfigurationPropertyName.of("llm.fallback.providers");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!PROVIDERS.equals(cause.getName()) && !PROVIDERS.isAncestorOf(cause.getName())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Failed to bind ").append(cause.getName()).append(':');
		List<String> values = new ArrayList<>();
		if (cause.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
			for (ConfigurationProperty property : unbound.getUnboundProperties()) {
				describe(description, property);
				values.add(String.valueOf(property.getValue()));
			}
			description.append("\n\nThese entries were left unbound: Spring Boot binds the provider list from one "
					+ "property source only, and the source above sets these entries but not the ones before them.");
			return new FailureAnalysis(description.toString(), "Define the providers in one place. To keep keys out "
					+ "of application.yml, read them with placeholders whose names are not list entries, such as "
					+ "api-key: ${OPENAI_API_KEY}, rather than with LLM_FALLBACK_PROVIDERS_<n>_API_KEY variables.",
					cause);
		}
		ConfigurationProperty property = cause.getProperty();
		if (property != null) {
			describe(description, property);
			values.add(String.valueOf(property.getValue()));
		}
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		description.append("\n\n    Reason: ").append(SecretRedactor.of(values).redact(reason.getMessage()));
		return new FailureAnalysis(description.toString(),
				"Fix the property above; its value is not shown, " + "since provider properties may hold keys.", cause);
	}

	private static void describe(StringBuilder description, ConfigurationProperty property) {
		description.append("\n\n    Property: ").append(property.getName());
		description.append("\n    Value: (hidden)");
		description.append("\n    Origin: ").append(property.getOrigin());
	}

}
