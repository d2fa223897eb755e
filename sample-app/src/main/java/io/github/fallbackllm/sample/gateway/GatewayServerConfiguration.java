package io.github.fallbackllm.sample.gateway;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's server: Reactor Netty waits for a request body for as long as the client
 * likes, so a client that sends headers and never the whole body would hold a connection
 * and the request's state forever; {@link GatewayProperties#requestReadTimeout()} bounds
 * that.
 *
 * @author Fallback LLM contributors
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayServerConfiguration {

	@Bean
	NettyServerCustomizer gatewayRequestReadTimeout(GatewayProperties properties) {
		return (server) -> server.requestTimeout(properties.requestReadTimeout());
	}

}
