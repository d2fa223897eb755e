package io.github.fallbackllm.autoconfigure;

import java.util.Arrays;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * Matches unless the application defines its own {@link ClientHttpConnector}. Each
 * provider's connector is built the way Spring Boot builds its auto-configured one, with
 * the provider's connect timeout; an application's own connector (a proxy, a custom
 * client) must not be replaced by it.
 *
 * @author Fallback LLM contributors
 */
class OnNoApplicationClientHttpConnectorCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final String BOOT_CONNECTOR_CONFIGURATION = "org.springframework.boot.http.client.autoconfigure."
			+ "reactive.ReactiveHttpClientAutoConfiguration";

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("application ClientHttpConnector");
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory == null) {
			return ConditionOutcome.match(message.because("no bean factory"));
		}
		return Arrays.stream(beanFactory.getBeanNamesForType(ClientHttpConnector.class, true, false))
			.filter((name) -> !beanFactory.containsBeanDefinition(name)
					|| !BOOT_CONNECTOR_CONFIGURATION.equals(beanFactory.getBeanDefinition(name).getFactoryBeanName()))
			.findFirst()
			.map((name) -> ConditionOutcome.noMatch(message.found("bean").items(name)))
			.orElseGet(() -> ConditionOutcome.match(message.didNotFind("bean").atAll()));
	}

}
