package io.github.fallbackllm.autoconfigure.springai;

import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.springai.FallbackChatModel;
import io.github.fallbackllm.springai.FallbackEmbeddingModel;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FallbackLlmSpringAiAutoConfiguration}.
 */
class FallbackLlmSpringAiAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FallbackLlmAutoConfiguration.class,
				FallbackLlmSpringAiAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withPropertyValues("llm.fallback.providers[0].name=openai", "llm.fallback.providers[0].type=openai",
				"llm.fallback.providers[0].api-key=sk-proj-test0123456789abcdefOPENAI",
				"llm.fallback.providers[0].base-url=http://localhost:1/v1", "llm.fallback.providers[0].models=gpt-4o");

	@Test
	void runShouldCreatePrimaryFallbackChatModel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ChatModel.class)
				.getBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME)
				.isInstanceOf(FallbackChatModel.class);
			assertThat(context.getBeanFactory()
				.getBeanDefinition(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME)
				.isPrimary()).isTrue();
		});
	}

	@Test
	void runWithAnotherChatModelShouldGiveChatClientTheFallbackChatModel() {
		this.contextRunner.withBean("otherChatModel", ChatModel.class, OtherChatModel::new).run((context) -> {
			assertThat(context).getBeans(ChatModel.class).hasSize(2);
			assertThat(context.getBean(ChatModel.class)).isInstanceOf(FallbackChatModel.class);
			assertThat(context.getBean(ChatClient.Builder.class).build()).isNotNull();
		});
	}

	@Test
	void runWhenNotPrimaryWithAnotherChatModelShouldLeaveTheChoiceToTheApplication() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.primary=false")
			.withBean("otherChatModel", ChatModel.class, OtherChatModel::new)
			.run((context) -> {
				assertThat(context).hasBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME);
				assertThat(context.getBeanFactory()
					.getBeanDefinition(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME)
					.isPrimary()).isFalse();
				assertThatExceptionOfType(NoUniqueBeanDefinitionException.class)
					.isThrownBy(() -> context.getBean(ChatModel.class));
			});
	}

	@Test
	void runWithoutSpringAiShouldNotCreateChatModel() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME)
				.hasBean("fallbackChatService"));
	}

	@Test
	void runWithoutTheSpringAiModuleShouldNotCreateChatModel() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(FallbackChatModel.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME));
	}

	@Test
	void runWhenDisabledShouldNotCreateChatModel() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChatModel.class)
				.hasBean("fallbackChatService"));
	}

	@Test
	void runWhenFallbackIsDisabledShouldNotCreateChatModel() {
		this.contextRunner.withPropertyValues("llm.fallback.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ChatModel.class));
	}

	@Test
	void runWithUserDefinedBeanOfThatNameShouldBackOff() {
		ChatModel own = new OtherChatModel();
		this.contextRunner.withBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME, ChatModel.class, () -> own)
			.run((context) -> assertThat(context).hasSingleBean(ChatModel.class)
				.getBean(FallbackLlmSpringAiAutoConfiguration.BEAN_NAME)
				.isSameAs(own));
	}

	@Test
	void runShouldCreatePrimaryFallbackEmbeddingModel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EmbeddingModel.class)
				.getBean(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
				.isInstanceOf(FallbackEmbeddingModel.class);
			assertThat(context.getBeanFactory()
				.getBeanDefinition(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
				.isPrimary()).isTrue();
		});
	}

	@Test
	void runWithAnotherEmbeddingModelShouldInjectTheFallbackEmbeddingModel() {
		this.contextRunner.withBean("otherEmbeddingModel", EmbeddingModel.class, OtherEmbeddingModel::new)
			.run((context) -> {
				assertThat(context).getBeans(EmbeddingModel.class).hasSize(2);
				assertThat(context.getBean(EmbeddingModel.class)).isInstanceOf(FallbackEmbeddingModel.class);
			});
	}

	@Test
	void runWhenNotPrimaryWithAnotherEmbeddingModelShouldLeaveTheChoiceToTheApplication() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.primary=false")
			.withBean("otherEmbeddingModel", EmbeddingModel.class, OtherEmbeddingModel::new)
			.run((context) -> {
				assertThat(context).hasBean(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME);
				assertThat(context.getBeanFactory()
					.getBeanDefinition(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
					.isPrimary()).isFalse();
				assertThatExceptionOfType(NoUniqueBeanDefinitionException.class)
					.isThrownBy(() -> context.getBean(EmbeddingModel.class));
			});
	}

	@Test
	void runWithEmbeddingPropertiesShouldSetTheDefaultOptions() {
		this.contextRunner
			.withPropertyValues("llm.fallback.spring-ai.embedding.model=docs",
					"llm.fallback.spring-ai.embedding.dimensions=256",
					"llm.fallback.routes.docs.groups[0].targets[0].target=openai/gpt-4o")
			.run((context) -> {
				FallbackEmbeddingModel model = context.getBean(FallbackEmbeddingModel.class);
				assertThat(model.getDefaultOptions().getModel()).isEqualTo("docs");
				assertThat(model.getDefaultOptions().getDimensions()).isEqualTo(256);
				assertThat(model.dimensions()).isEqualTo(256);
			});
	}

	@Test
	void runWithAnEmbeddingModelThatSelectsNoRouteShouldFail() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.embedding.model=nothing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("No route answers to model 'nothing'"));
	}

	@Test
	void runWhenEmbeddingIsDisabledShouldLeaveEmbeddingsToOtherModels() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.embedding.enabled=false")
			.withBean("otherEmbeddingModel", EmbeddingModel.class, OtherEmbeddingModel::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddingModel.class).hasBean("otherEmbeddingModel");
				assertThat(context).hasSingleBean(ChatModel.class);
			});
	}

	@Test
	void runWhenDisabledShouldNotCreateEmbeddingModel() {
		this.contextRunner.withPropertyValues("llm.fallback.spring-ai.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EmbeddingModel.class)
				.hasBean("fallbackEmbeddingService"));
	}

	@Test
	void runWithUserDefinedEmbeddingBeanOfThatNameShouldBackOff() {
		EmbeddingModel own = new OtherEmbeddingModel();
		this.contextRunner
			.withBean(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME, EmbeddingModel.class, () -> own)
			.run((context) -> assertThat(context).hasSingleBean(EmbeddingModel.class)
				.getBean(FallbackLlmSpringAiAutoConfiguration.EMBEDDING_MODEL_BEAN_NAME)
				.isSameAs(own));
	}

	static class OtherEmbeddingModel implements EmbeddingModel {

		@Override
		public EmbeddingResponse call(EmbeddingRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public float[] embed(Document document) {
			throw new UnsupportedOperationException();
		}

	}

	static class OtherChatModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

	}

}
