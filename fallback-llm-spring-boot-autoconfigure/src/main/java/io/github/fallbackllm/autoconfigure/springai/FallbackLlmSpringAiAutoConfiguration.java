package io.github.fallbackllm.autoconfigure.springai;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.springai.FallbackChatModel;
import io.github.fallbackllm.springai.FallbackEmbeddingModel;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
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
 * {@link EnableAutoConfiguration Auto-configuration} for {@link FallbackChatModel} and
 * {@link FallbackEmbeddingModel}: the fallback chain as a Spring AI {@link ChatModel}
 * named {@value #BEAN_NAME} and an {@link EmbeddingModel} named
 * {@value #EMBEDDING_MODEL_BEAN_NAME}, both primary unless
 * {@code llm.fallback.spring-ai.primary} is {@code false}.
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

	/**
	 * Name of the auto-configured embedding model; an application bean of this name
	 * replaces it.
	 */
	public static final String EMBEDDING_MODEL_BEAN_NAME = "fallbackEmbeddingModel";

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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(FallbackEmbeddingService.class)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.embedding.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.primary", matchIfMissing = true)
	static class PrimaryEmbeddingModelConfiguration {

		@Bean(EMBEDDING_MODEL_BEAN_NAME)
		@Primary
		@ConditionalOnMissingBean(name = EMBEDDING_MODEL_BEAN_NAME)
		FallbackEmbeddingModel fallbackEmbeddingModel(FallbackEmbeddingService fallbackEmbeddingService,
				FallbackLlmSpringAiProperties properties) {
			return embeddingModel(fallbackEmbeddingService, properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(FallbackEmbeddingService.class)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.embedding.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "llm.fallback.spring-ai.primary", havingValue = false)
	static class SecondaryEmbeddingModelConfiguration {

		@Bean(EMBEDDING_MODEL_BEAN_NAME)
		@ConditionalOnMissingBean(name = EMBEDDING_MODEL_BEAN_NAME)
		FallbackEmbeddingModel fallbackEmbeddingModel(FallbackEmbeddingService fallbackEmbeddingService,
				FallbackLlmSpringAiProperties properties) {
			return embeddingModel(fallbackEmbeddingService, properties);
		}

	}

	private static FallbackEmbeddingModel embeddingModel(FallbackEmbeddingService service,
			FallbackLlmSpringAiProperties properties) {
		FallbackLlmSpringAiProperties.Embedding embedding = properties.getEmbedding();
		return new FallbackEmbeddingModel(service,
				EmbeddingOptions.builder().model(embedding.getModel()).dimensions(embedding.getDimensions()).build());
	}

}
