package io.github.fallbackllm.autoconfigure.gateway;

import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.gateway.GatewayDialect;
import io.github.fallbackllm.gateway.GatewayEndpoints;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.GatewayWebExceptionHandler;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import io.github.fallbackllm.gateway.messages.MessagesDialect;
import io.github.fallbackllm.gateway.messages.MessagesTokenCounting;
import io.github.fallbackllm.gateway.responses.InMemoryResponseStore;
import io.github.fallbackllm.gateway.responses.ResponseStore;
import io.github.fallbackllm.gateway.responses.ResponsesDialect;
import io.github.fallbackllm.gateway.responses.ResponsesProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the gateway: the endpoints of
 * every {@link GatewayDialect} bean, in bean order, and {@code GET /v1/models}, in a
 * reactive web application with {@code fallback-llm-gateway} on its classpath, unless
 * {@code llm.fallback.gateway.enabled} is {@code false}.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class)
@ConditionalOnClass(GatewayDialect.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = GatewayProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(FallbackChatService.class)
@EnableConfigurationProperties({ GatewayProperties.class, ResponsesProperties.class })
public final class FallbackLlmGatewayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GatewayRoutes gatewayRoutes(FallbackChatService fallbackChatService, GatewayProperties properties) {
		return new GatewayRoutes(fallbackChatService, properties.getUnknownModel());
	}

	@Bean
	@ConditionalOnMissingBean
	ImageUrls gatewayImageUrls(GatewayProperties properties) {
		return new ImageUrls(properties.isAllowHttpImageUrls());
	}

	@Bean
	@ConditionalOnMissingBean
	ChatCompletionsDialect chatCompletionsDialect(ImageUrls gatewayImageUrls) {
		return new ChatCompletionsDialect(gatewayImageUrls);
	}

	@Bean
	@ConditionalOnMissingBean
	ResponsesDialect responsesDialect(ImageUrls gatewayImageUrls, ObjectProvider<ResponseStore> responseStore) {
		return new ResponsesDialect(gatewayImageUrls, responseStore.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(ResponsesProperties.PREFIX + ".store")
	ResponseStore responseStore(ResponsesProperties properties) {
		return new InMemoryResponseStore(properties.getStoreMaxSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	MessagesDialect messagesDialect(ImageUrls gatewayImageUrls) {
		return new MessagesDialect(gatewayImageUrls);
	}

	@Bean
	RouterFunction<ServerResponse> fallbackLlmGatewayMessagesCountTokens(MessagesDialect messagesDialect,
			LlmProviderChain chain, GatewayProperties properties) {
		return new MessagesTokenCounting(chain.providers(), messagesDialect, properties).endpoint();
	}

	@Bean
	RouterFunction<ServerResponse> fallbackLlmGatewayEndpoints(ObjectProvider<GatewayDialect<?>> dialects,
			GatewayRoutes gatewayRoutes, GatewayProperties properties) {
		return GatewayEndpoints.of(dialects.orderedStream().toList(), gatewayRoutes, properties);
	}

	@Bean
	GatewayWebExceptionHandler fallbackLlmGatewayWebExceptionHandler(ObjectProvider<GatewayDialect<?>> dialects) {
		return new GatewayWebExceptionHandler(dialects.orderedStream().toList());
	}

	/**
	 * Reactor Netty waits for a request body for as long as the client likes, so a client
	 * that sends headers and never the whole body would hold a connection and the
	 * request's state forever.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerCustomizer.class)
	static class RequestReadTimeoutConfiguration {

		@Bean
		NettyServerCustomizer fallbackLlmGatewayRequestReadTimeout(GatewayProperties properties) {
			return (server) -> server.requestTimeout(properties.getRequestReadTimeout());
		}

	}

}
