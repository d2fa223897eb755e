package io.github.fallbackllm.sample.demo;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the {@link ProviderSimulator} when the {@code demo} profile is active, and
 * publishes its providers' base URLs as {@value #OPENAI_URL_PROPERTY} and
 * {@value #ANTHROPIC_URL_PROPERTY}, for {@code application-demo.yml}.
 * <p>
 * It runs here, before the application context exists, because the fallback
 * auto-configuration binds {@code llm.fallback.providers} (base URLs included) while it
 * registers bean definitions. The simulator then becomes a disposable singleton of the
 * context as soon as that is created, so it stops when the context closes or fails to
 * refresh.
 *
 * @author Fallback LLM contributors
 */
class DemoProvidersEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROFILE = "demo";

	static final String OPENAI_URL_PROPERTY = "demo.simulator.openai-base-url";

	static final String ANTHROPIC_URL_PROPERTY = "demo.simulator.anthropic-base-url";

	/** Lets a test keep the primary cooling for as long as it looks at it. */
	static final String RATE_LIMIT_WINDOW_PROPERTY = "demo.simulator.rate-limit-window";

	static final String PROPERTY_SOURCE_NAME = "demoProviderSimulator";

	static final String BEAN_NAME = "demoProviderSimulator";

	private final Log logger;

	private final ConfigurableBootstrapContext bootstrapContext;

	DemoProvidersEnvironmentPostProcessor(DeferredLogFactory logFactory,
			ConfigurableBootstrapContext bootstrapContext) {
		this.logger = logFactory.getLog(DemoProvidersEnvironmentPostProcessor.class);
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles(PROFILE)) {
			return;
		}
		ProviderSimulator simulator = ProviderSimulator.start(environment.getProperty(RATE_LIMIT_WINDOW_PROPERTY,
				Duration.class, ProviderSimulator.RATE_LIMIT_WINDOW), ProviderSimulator.CHUNK_DELAY);
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(OPENAI_URL_PROPERTY, simulator.openAiBaseUrl(),
					ANTHROPIC_URL_PROPERTY, simulator.anthropicBaseUrl())));
		this.bootstrapContext.addCloseListener((event) -> {
			ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
			beanFactory.registerSingleton(BEAN_NAME, simulator);
			// A registered singleton gets no destruction callback unless it is asked for.
			((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, simulator);
		});
		this.logger.info("Profile 'demo': simulated providers, no API keys needed: an OpenAI-compatible primary "
				+ "that is over its rate limit at " + simulator.openAiBaseUrl() + ", then an Anthropic secondary at "
				+ simulator.anthropicBaseUrl());
	}

}
