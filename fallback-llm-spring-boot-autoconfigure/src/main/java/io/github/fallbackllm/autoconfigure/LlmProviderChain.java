package io.github.fallbackllm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.routing.ProviderPolicies;
import org.jspecify.annotations.Nullable;

/**
 * The providers of the fallback chain, in order, with their policies and where they come
 * from: what the chat service walks, and what health and startup verification report on.
 *
 * @author Fallback LLM contributors
 */
public final class LlmProviderChain {

	private final List<Link> links;

	private final List<String> secrets;

	private final SecretRedactor redactor;

	private final FailureAdvice advice;

	LlmProviderChain(List<Link> links, List<String> secrets) {
		this.links = List.copyOf(links);
		this.secrets = List.copyOf(secrets);
		this.redactor = SecretRedactor.of(secrets);
		Map<String, String> prefixes = new LinkedHashMap<>();
		links.stream()
			.filter((link) -> link.configPrefix() != null)
			.forEach((link) -> prefixes.put(link.provider().name(), link.configPrefix()));
		this.advice = new PropertyFailureAdvice(prefixes);
	}

	/**
	 * Return the providers in fallback order.
	 * @return the links of the chain
	 */
	public List<Link> links() {
		return this.links;
	}

	/**
	 * Return the providers with their policies, in fallback order.
	 * @return the providers
	 */
	public List<ProviderPolicies> providers() {
		return this.links.stream().map(Link::policies).toList();
	}

	/**
	 * Return every configured secret, which errors and logs must never show.
	 * @return the secrets
	 */
	List<String> secrets() {
		return this.secrets;
	}

	/**
	 * Return a redactor that knows every configured secret.
	 * @return the redactor
	 */
	public SecretRedactor redactor() {
		return this.redactor;
	}

	/**
	 * Return how failures name what to change: the properties of configured providers.
	 * @return the advice
	 */
	public FailureAdvice advice() {
		return this.advice;
	}

	/**
	 * One provider of the chain.
	 *
	 * @param policies the provider with its policies
	 * @param type the configured {@code type}, or {@code null} for a provider declared as
	 * a bean
	 * @param baseUrl the base URL the provider calls, fit to show (no credentials), or
	 * {@code null} when unknown
	 * @param configPrefix the prefix of the entry that configures the provider's
	 * endpoint, key and models, such as {@code llm.fallback.providers[0]}; {@code null}
	 * for a provider declared as a bean
	 * @author Fallback LLM contributors
	 */
	public record Link(ProviderPolicies policies, @Nullable String type, @Nullable String baseUrl,
			@Nullable String configPrefix) {

		/**
		 * Return the provider.
		 * @return the provider
		 */
		public LlmProvider provider() {
			return this.policies.provider();
		}

	}

}
