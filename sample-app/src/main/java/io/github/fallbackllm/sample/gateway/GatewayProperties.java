package io.github.fallbackllm.sample.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the OpenAI-compatible gateway's server.
 *
 * @param requestReadTimeout longest time a client may take to send a request's body, from
 * its headers to its last byte, before the connection is closed
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("gateway")
record GatewayProperties(@DefaultValue("30s") Duration requestReadTimeout) {

}
