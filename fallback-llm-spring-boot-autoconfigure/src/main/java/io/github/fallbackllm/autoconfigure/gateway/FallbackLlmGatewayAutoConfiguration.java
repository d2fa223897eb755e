package io.github.fallbackllm.autoconfigure.gateway;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.autoconfigure.FallbackLlmAutoConfiguration;
import io.github.fallbackllm.autoconfigure.LlmProviderChain;
import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.LocalClientBudgets;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayAccessFilter;
import io.github.fallbackllm.gateway.GatewayDialect;
import io.github.fallbackllm.gateway.GatewayEndpoints;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.GatewayRoutes;
import io.github.fallbackllm.gateway.GatewayWebExceptionHandler;
import io.github.fallbackllm.gateway.ImageUrls;
import io.github.fallbackllm.gateway.chatcompletions.ChatCompletionsDialect;
import io.github.fallbackllm.gateway.embeddings.EmbeddingsEndpoint;
import io.github.fallbackllm.gateway.keys.GatewayKeyMeters;
import io.github.fallbackllm.gateway.keys.GatewayKeys;
import io.github.fallbackllm.gateway.keys.KeyUsage;
import io.github.fallbackllm.gateway.messages.MessagesDialect;
import io.github.fallbackllm.gateway.messages.MessagesTokenCounting;
import io.github.fallbackllm.gateway.responses.InMemoryResponseStore;
import io.github.fallbackllm.gateway.responses.ResponseStore;
import io.github.fallbackllm.gateway.responses.ResponsesDialect;
import io.github.fallbackllm.gateway.responses.ResponsesProperties;
import io.github.fallbackllm.redis.RedisClientBudgets;
import io.github.fallbackllm.redis.RedisTargetStateStore;
import io.github.fallbackllm.redis.responses.RedisResponseStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the gateway: the endpoints of
 * every {@link GatewayDialect} bean, in bean order, {@code POST /v1/embeddings} and
 * {@code GET /v1/models}, in a reactive web application with {@code fallback-llm-gateway}
 * on its classpath, unless {@code llm.fallback.gateway.enabled} is {@code false}. Every
 * request is checked by the {@link GatewayAccess} bean: the {@link GatewayKeys} of
 * {@code llm.fallback.gateway.keys}, counted by the {@link ClientBudgets} bean (in
 * memory, or on Redis with the Redis state store); without keys, a web server that
 * listens beyond loopback refuses to start unless
 * {@code llm.fallback.gateway.allow-unauthenticated} is {@code true}. With
 * {@code llm.fallback.gateway.responses.store}, Responses are stored in memory, or on
 * Redis with the Redis state store.
 *
 * @author Fallback LLM contributors
 */
@AutoConfiguration(after = FallbackLlmAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(GatewayDialect.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = GatewayProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean(FallbackChatService.class)
@EnableConfigurationProperties({ GatewayProperties.class, ResponsesProperties.class })
public final class FallbackLlmGatewayAutoConfiguration {

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

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
	ClientBudgets gatewayClientBudgets() {
		return new LocalClientBudgets(Clock.systemUTC());
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
			LlmProviderChain chain, GatewayRoutes gatewayRoutes, GatewayProperties properties,
			GatewayAccess gatewayAccess) {
		return new MessagesTokenCounting(chain.providers(), gatewayRoutes, messagesDialect, gatewayAccess, properties)
			.endpoint();
	}

	@Bean
	RouterFunction<ServerResponse> fallbackLlmGatewayEmbeddings(GatewayRoutes gatewayRoutes,
			ChatCompletionsDialect chatCompletionsDialect, GatewayProperties properties, GatewayAccess gatewayAccess) {
		return new EmbeddingsEndpoint(gatewayRoutes, chatCompletionsDialect, properties, gatewayAccess).endpoint();
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayAccess gatewayAccess(GatewayProperties properties, GatewayRoutes gatewayRoutes,
			ObjectProvider<ClientBudgets> budgets, ObjectProvider<KeyUsage> usage, ApplicationContext context,
			Environment environment) {
		if (properties.effectiveAuth() == GatewayProperties.Auth.NONE) {
			if (startsWebServer(context)) {
				GatewayAccessFactory.checkExposure(properties,
						Binder.get(environment).bind("server.address", InetAddress.class).orElse(null));
			}
			return GatewayAccess.open();
		}
		return new GatewayKeys(GatewayAccessFactory.keys(properties), gatewayRoutes, budgets.getObject(),
				usage.getIfAvailable(() -> KeyUsage.NONE));
	}

	@Bean
	RouterFunction<ServerResponse> fallbackLlmGatewayEndpoints(ObjectProvider<GatewayDialect<?>> dialects,
			GatewayRoutes gatewayRoutes, GatewayProperties properties, GatewayAccess gatewayAccess) {
		return GatewayEndpoints.of(dialects.orderedStream().toList(), gatewayRoutes, properties, gatewayAccess);
	}

	@Bean
	GatewayAccessFilter fallbackLlmGatewayAccessFilter(GatewayAccess gatewayAccess,
			ObjectProvider<GatewayDialect<?>> dialects) {
		return new GatewayAccessFilter(gatewayAccess, dialects.orderedStream().toList());
	}

	@Bean
	GatewayWebExceptionHandler fallbackLlmGatewayWebExceptionHandler(ObjectProvider<GatewayDialect<?>> dialects) {
		return new GatewayWebExceptionHandler(dialects.orderedStream().toList());
	}

	/**
	 * Whether the context starts a web server, which others may reach; a mock web
	 * environment starts none.
	 */
	private static boolean startsWebServer(ApplicationContext context) {
		return ClassUtils.isPresent(WEB_SERVER_CONTEXT, context.getClassLoader())
				&& ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, context.getClassLoader()).isInstance(context);
	}

	/**
	 * With the Redis state store, the keys' budgets are counted on the same Redis, so
	 * that every instance enforces one limit.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisClientBudgets.class, ReactiveRedisConnectionFactory.class })
	@ConditionalOnBean(RedisTargetStateStore.class)
	static class RedisBudgetsConfiguration {

		@Bean(initMethod = "start", destroyMethod = "close")
		@ConditionalOnMissingBean(ClientBudgets.class)
		RedisClientBudgets gatewayRedisClientBudgets(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				RedisTargetStateStore store) {
			return new RedisClientBudgets(connectionFactory.getObject(), store.settings());
		}

	}

	/**
	 * With the Redis state store, stored responses are kept on the same Redis, so that
	 * any instance continues a response another one stored.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisResponseStore.class, ReactiveRedisConnectionFactory.class })
	@ConditionalOnBean(RedisTargetStateStore.class)
	@ConditionalOnBooleanProperty(ResponsesProperties.PREFIX + ".store")
	static class RedisResponseStoreConfiguration {

		@Bean(initMethod = "start", destroyMethod = "close")
		@ConditionalOnMissingBean(ResponseStore.class)
		RedisResponseStore gatewayRedisResponseStore(ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory,
				RedisTargetStateStore store, ResponsesProperties properties) {
			return new RedisResponseStore(connectionFactory.getObject(), store.settings(), properties.getStoreTtl(),
					properties.getStoreMaxEntrySize().toBytes());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class KeyMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean(KeyUsage.class)
		GatewayKeyMeters gatewayKeyMeters(MeterRegistry registry) {
			return new GatewayKeyMeters(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "fallbackLlmGatewaySanitizingFunction")
		SanitizingFunction fallbackLlmGatewaySanitizingFunction(GatewayProperties properties) {
			return new GatewayKeysSanitizingFunction(properties);
		}

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
