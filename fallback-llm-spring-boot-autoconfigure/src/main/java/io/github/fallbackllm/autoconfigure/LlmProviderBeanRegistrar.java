package io.github.fallbackllm.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.provider.LlmProvider;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.StringUtils;

/**
 * Registers one {@link LlmProvider} bean per entry of {@code llm.fallback.providers} that
 * has a name and a type, named {@code fallbackLlmProvider.<name>}. The beans are created
 * by {@link ConfiguredLlmProviders}, so the configuration is validated before any of them
 * exists.
 *
 * @author Fallback LLM contributors
 */
class LlmProviderBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		List<Provider> providers = Binder.get(this.environment)
			.bind("llm.fallback.providers", Bindable.listOf(Provider.class))
			.orElse(List.of());
		Set<String> names = new HashSet<>();
		for (int i = 0; i < providers.size(); i++) {
			Provider provider = providers.get(i);
			// Entries without a name or type, or with a taken name, are reported by
			// validation.
			if (StringUtils.hasText(provider.getName()) && StringUtils.hasText(provider.getType())
					&& names.add(provider.getName())) {
				int index = i;
				RootBeanDefinition definition = new RootBeanDefinition(LlmProvider.class,
						() -> this.beanFactory.getBean(ConfiguredLlmProviders.class).create(index));
				registry.registerBeanDefinition(ConfiguredLlmProviders.BEAN_NAME_PREFIX + provider.getName(),
						definition);
			}
		}
	}

}
