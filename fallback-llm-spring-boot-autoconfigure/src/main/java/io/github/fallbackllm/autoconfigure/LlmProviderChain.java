package io.github.fallbackllm.autoconfigure;

import java.util.List;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.Route;
import org.jspecify.annotations.Nullable;

/**
 * The providers of the fallback chain, in order, with their policies and where they come
 * from: what the chat service walks, and what health and startup verification report on.
 *
 * @author Fallback LLM contributors
 */
public final class LlmProviderChain {

	private final List<Link> links;

	private final SecretRedactor redactor;

	LlmProviderChain(List<Link> links, SecretRedactor redactor) {
		this.links = List.copyOf(links);
		this.redactor = redactor;
	}

	/**
	 * Return the providers in fallback order.
	 * @return the links of the chain
	 */
	public List<Link> links() {
		return this.links;
	}

	/**
	 * Return the routes of the chain, in fallback order.
	 * @return the routes
	 */
	public List<Route> routes() {
		return this.links.stream().map(Link::route).toList();
	}

	/**
	 * Return a redactor that knows every configured secret.
	 * @return the redactor
	 */
	public SecretRedactor redactor() {
		return this.redactor;
	}

	/**
	 * One provider of the chain.
	 *
	 * @param route the provider with its policies
	 * @param type the configured {@code type}, or {@code null} for a provider declared as
	 * a bean
	 * @param baseUrl the base URL the provider calls, fit to show (no credentials), or
	 * {@code null} when unknown
	 * @author Fallback LLM contributors
	 */
	public record Link(Route route, @Nullable String type, @Nullable String baseUrl) {

		/**
		 * Return the provider.
		 * @return the provider
		 */
		public LlmProvider provider() {
			return this.route.provider();
		}

		/**
		 * Return the prefix of the entry that configures the provider's endpoint, key and
		 * models, such as {@code llm.fallback.providers[0]}.
		 * @return the prefix, or {@code null} for a provider declared as a bean
		 */
		public @Nullable String configPrefix() {
			return this.route.configPrefix();
		}

	}

}
