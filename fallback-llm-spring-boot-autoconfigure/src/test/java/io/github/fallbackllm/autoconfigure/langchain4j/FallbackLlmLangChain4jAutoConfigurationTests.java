package io.github.fallbackllm.autoconfigure.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.langchain4j.FallbackChatModel;
import io.github.fallbackllm.langchain4j.FallbackEmbeddingModel;
import io.github.fallbackllm.langchain4j.FallbackStreamingChatModel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FallbackLlmLangChain4jAutoConfiguration}.
 */
class FallbackLlmLangChain4jAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class,
				FallbackLlmLangChain4jAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].api-key=sk-proj-test0123456789abcdefOPENAI",
				"llm.fallback.providers[0].base-url=http://localhost:1/v1", "llm.fallback.providers[0].models=gpt-4o");

	@Test
	void runShouldCreateChatModelAndStreamingChatModel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class)
				.hasSingleBean(StreamingChatModel.class)
				.getBean(FallbackLlmLangChain4jAutoConfiguration.CHAT_MODEL_BEAN_NAME)
				.isInstanceOf(FallbackChatModel.class);
			assertThat(context).getBean(FallbackLlmLangChain4jAutoConfiguration.STREAMING_CHAT_MODEL_BEAN_NAME)
				.isInstanceOf(FallbackStreamingChatModel.class);
		});
	}

	@Test
	void runShouldCreateEmbeddingModelWithTheListenerBeansAndDefaults() {
		EmbeddingModelListener listener = new EmbeddingModelListener() {
		};
		this.contextRunner.withBean("embeddingListener", EmbeddingModelListener.class, () -> listener)
			.withPropertyValues("llm.fallback.langchain4j.embedding.model=docs",
					"llm.fallback.langchain4j.embedding.dimensions=256",
					"llm.fallback.routes.docs.groups[0].targets[0].target=openai/gpt-4o")
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddingModel.class)
					.getBean(FallbackLlmLangChain4jAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
					.isInstanceOf(FallbackEmbeddingModel.class);
				EmbeddingModel model = context.getBean(EmbeddingModel.class);
				assertThat(model.listeners()).containsExactly(listener);
				assertThat(model.modelName()).isEqualTo("docs");
				assertThat(model.dimension()).isEqualTo(256);
			});
	}

	@Test
	void runWithUserDefinedEmbeddingModelOfThatNameShouldBackOff() {
		EmbeddingModel own = new EmbeddingModel() {
		};
		this.contextRunner
			.withBean(FallbackLlmLangChain4jAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME, EmbeddingModel.class,
					() -> own)
			.run((context) -> assertThat(context).hasSingleBean(EmbeddingModel.class)
				.getBean(FallbackLlmLangChain4jAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
				.isSameAs(own));
	}

	@Test
	void runWhenDisabledShouldNotCreateEmbeddingModel() {
		this.contextRunner.withPropertyValues("llm.fallback.langchain4j.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EmbeddingModel.class)
				.hasBean("fallbackEmbeddingService"));
	}

	@Test
	void runShouldGiveTheModelsTheListenerBeans() {
		ChatModelListener listener = new ChatModelListener() {
		};
		this.contextRunner.withBean("listener", ChatModelListener.class, () -> listener).run((context) -> {
			assertThat(context.getBean(ChatModel.class).listeners()).containsExactly(listener);
			assertThat(context.getBean(StreamingChatModel.class).listeners()).containsExactly(listener);
		});
	}

	@Test
	void runWithoutLangChain4jShouldNotCreateModels() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FallbackLlmLangChain4jAutoConfiguration.CHAT_MODEL_BEAN_NAME)
				.doesNotHaveBean(FallbackLlmLangChain4jAutoConfiguration.STREAMING_CHAT_MODEL_BEAN_NAME)
				.hasBean("fallbackChatService"));
	}

	@Test
	void runWithoutTheLangChain4jModuleShouldNotCreateModels() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(FallbackChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FallbackLlmLangChain4jAutoConfiguration.CHAT_MODEL_BEAN_NAME)
				.doesNotHaveBean(FallbackLlmLangChain4jAutoConfiguration.STREAMING_CHAT_MODEL_BEAN_NAME));
	}

	@Test
	void runWhenDisabledShouldNotCreateModels() {
		this.contextRunner.withPropertyValues("llm.fallback.langchain4j.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChatModel.class)
				.doesNotHaveBean(StreamingChatModel.class)
				.hasBean("fallbackChatService"));
	}

	@Test
	void runWhenFallbackIsDisabledShouldNotCreateModels() {
		this.contextRunner.withPropertyValues("llm.fallback.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChatModel.class)
				.doesNotHaveBean(StreamingChatModel.class));
	}

	@Test
	void runWithUserDefinedBeansOfThoseNamesShouldBackOff() {
		ChatModel ownChatModel = new ChatModel() {
		};
		StreamingChatModel ownStreamingChatModel = new StreamingChatModel() {
		};
		this.contextRunner
			.withBean(FallbackLlmLangChain4jAutoConfiguration.CHAT_MODEL_BEAN_NAME, ChatModel.class, () -> ownChatModel)
			.withBean(FallbackLlmLangChain4jAutoConfiguration.STREAMING_CHAT_MODEL_BEAN_NAME, StreamingChatModel.class,
					() -> ownStreamingChatModel)
			.run((context) -> {
				assertThat(context).hasSingleBean(ChatModel.class)
					.getBean(FallbackLlmLangChain4jAutoConfiguration.CHAT_MODEL_BEAN_NAME)
					.isSameAs(ownChatModel);
				assertThat(context).hasSingleBean(StreamingChatModel.class)
					.getBean(FallbackLlmLangChain4jAutoConfiguration.STREAMING_CHAT_MODEL_BEAN_NAME)
					.isSameAs(ownStreamingChatModel);
			});
	}

}
