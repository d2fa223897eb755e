package io.github.fallbackllm.autoconfigure.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.FallbackEmbeddingService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.langchain4j.FallbackChatModel;
import io.github.fallbackllm.langchain4j.FallbackEmbeddingModel;
import io.github.fallbackllm.langchain4j.FallbackLangChain4j;
import io.github.fallbackllm.langchain4j.FallbackStreamingChatModel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the LangChain4j models of the
 * fallback chain: a {@link ChatModel} named {@value #CHAT_MODEL_BEAN_NAME} and a
 * {@code StreamingChatModel} named {@value #STREAMING_CHAT_MODEL_BEAN_NAME}, which hear
 * the application's {@link ChatModelListener} beans, and an {@code EmbeddingModel} named
 * {@value #EMBEDDING_MODEL_BEAN_NAME}, which hears its {@link EmbeddingModelListener}
 * beans.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class)
@ConditionalOnClass({ ChatModel.class, FallbackChatModel.class })
@ConditionalOnBooleanProperty(name = "llm.fallback.langchain4j.enabled", matchIfMissing = true)
@ConditionalOnBean(FallbackChatService.class)
@EnableConfigurationProperties(FallbackLlmLangChain4jProperties.class)
public final class FallbackLlmLangChain4jAutoConfiguration {

	/**
	 * Name of the auto-configured chat model; an application bean of this name replaces
	 * it.
	 */
	public static final String CHAT_MODEL_BEAN_NAME = "fallbackLangChain4jChatModel";

	/**
	 * Name of the auto-configured streaming chat model; an application bean of this name
	 * replaces it.
	 */
	public static final String STREAMING_CHAT_MODEL_BEAN_NAME = "fallbackLangChain4jStreamingChatModel";

	/**
	 * Name of the auto-configured embedding model; an application bean of this name
	 * replaces it.
	 */
	public static final String EMBEDDING_MODEL_BEAN_NAME = "fallbackLangChain4jEmbeddingModel";

	@Bean(CHAT_MODEL_BEAN_NAME)
	@ConditionalOnMissingBean(name = CHAT_MODEL_BEAN_NAME)
	FallbackChatModel fallbackLangChain4jChatModel(FallbackChatService fallbackChatService,
			ObjectProvider<ChatModelListener> listeners) {
		return FallbackLangChain4j.chatModel(fallbackChatService).listeners(listeners.orderedStream().toList()).build();
	}

	@Bean(STREAMING_CHAT_MODEL_BEAN_NAME)
	@ConditionalOnMissingBean(name = STREAMING_CHAT_MODEL_BEAN_NAME)
	FallbackStreamingChatModel fallbackLangChain4jStreamingChatModel(FallbackChatService fallbackChatService,
			ObjectProvider<ChatModelListener> listeners) {
		return FallbackLangChain4j.streamingChatModel(fallbackChatService)
			.listeners(listeners.orderedStream().toList())
			.build();
	}

	@Bean(EMBEDDING_MODEL_BEAN_NAME)
	@ConditionalOnBean(FallbackEmbeddingService.class)
	@ConditionalOnMissingBean(name = EMBEDDING_MODEL_BEAN_NAME)
	FallbackEmbeddingModel fallbackLangChain4jEmbeddingModel(FallbackEmbeddingService fallbackEmbeddingService,
			FallbackLlmLangChain4jProperties properties, ObjectProvider<EmbeddingModelListener> listeners) {
		return FallbackLangChain4j.embeddingModel(fallbackEmbeddingService)
			.model(properties.getEmbedding().getModel())
			.dimensions(properties.getEmbedding().getDimensions())
			.listeners(listeners.orderedStream().toList())
			.build();
	}

}
