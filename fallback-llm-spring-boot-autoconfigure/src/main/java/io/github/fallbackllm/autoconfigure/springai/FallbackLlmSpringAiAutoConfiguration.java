package io.github.fallbackllm.autoconfigure.springai;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.springai.FallbackChatModel;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link FallbackChatModel}: the
 * fallback chain as a Spring AI {@link ChatModel} named {@value #BEAN_NAME}, primary
 * unless {@code llm.fallback.spring-ai.primary} is {@code false}.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class)
@ConditionalOnClass({ ChatModel.class, FallbackChatModel.class })
@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.enabled", matchIfMissing = true)
@ConditionalOnBean(FallbackChatService.class)
@EnableConfigurationProperties(FallbackLlmSpringAiProperties.class)
public final class FallbackLlmSpringAiAutoConfiguration {

	/**
	 * Name of the auto-configured model; an application bean of this name replaces it.
	 */
	public static final String BEAN_NAME = "fallbackChatModel";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.primary", matchIfMissing = true)
	static class PrimaryChatModelConfiguration {

		@Bean(BEAN_NAME)
		@Primary
		@ConditionalOnMissingBean(name = BEAN_NAME)
		FallbackChatModel fallbackChatModel(FallbackChatService fallbackChatService) {
			return new FallbackChatModel(fallbackChatService);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.primary", havingValue = false)
	static class SecondaryChatModelConfiguration {

		@Bean(BEAN_NAME)
		@ConditionalOnMissingBean(name = BEAN_NAME)
		FallbackChatModel fallbackChatModel(FallbackChatService fallbackChatService) {
			return new FallbackChatModel(fallbackChatService);
		}

	}

}
