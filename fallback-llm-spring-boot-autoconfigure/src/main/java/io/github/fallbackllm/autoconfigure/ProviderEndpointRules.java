package io.github.fallbackllm.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.provider.LlmProviderFactory;

import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a configured provider is reached, and whether it needs a key there: every
 * endpoint does, unless the entry says otherwise ({@code api-key-required}), its type
 * runs without one (Ollama, vLLM), or it is on the local network. The local network is
 * judged from the URL alone, without a DNS lookup: loopback, private and link-local
 * addresses, {@code localhost}, names under {@code .local}, {@code .localhost} or
 * {@code .internal}, and single-label names such as a Compose service's.
 *
 * @author Fallback LLM contributors
 */
final class ProviderEndpointRules {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

	private static final List<String> LOCAL_SUFFIXES = List.of(".local", ".localhost", ".internal");

	private ProviderEndpointRules() {
	}

	/**
	 * Return whether the provider's endpoint needs a key.
	 * @param provider the entry
	 * @param factory the factory of its type
	 * @return whether a missing key is a problem
	 */
	static boolean requiresApiKey(Provider provider, LlmProviderFactory factory) {
		if (provider.getApiKeyRequired() != null) {
			return provider.getApiKeyRequired();
		}
		return factory.requiresApiKey() && !isLocal(ConfiguredLlmProviders.baseUrl(provider, factory));
	}

	/**
	 * Report a type whose default URL names a resource when neither the resource nor a
	 * base URL is set.
	 * @param problems where to add the problem
	 * @param prefix the entry's property prefix
	 * @param provider the entry
	 * @param factory the factory of its type
	 */
	static void resource(List<ConfigurationProblem> problems, String prefix, Provider provider,
			LlmProviderFactory factory) {
		if (factory.defaultBaseUrl().contains(LlmProviderFactory.RESOURCE_VARIABLE) && provider.getBaseUrl() == null
				&& !StringUtils.hasText(provider.getResource())) {
			problems.add(new ConfigurationProblem(prefix + ".resource",
					"is missing (" + factory.type() + " has no public URL)",
					"name your resource, which makes the URL " + factory.defaultBaseUrl() + ", or set base-url"));
		}
	}

	static boolean isLocal(String url) {
		String host;
		try {
			host = UriComponentsBuilder.fromUriString(url.strip()).build().getHost();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (!StringUtils.hasText(host)) {
			return false;
		}
		host = host.toLowerCase(Locale.ROOT);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (IPV4.matcher(host).matches() || host.contains(":")) {
			return isLocalAddress(host);
		}
		String name = host;
		return name.equals("localhost") || !name.contains(".")
				|| LOCAL_SUFFIXES.stream().anyMatch((suffix) -> name.endsWith(suffix));
	}

	/** Only called with IP literals, which {@link InetAddress} parses without DNS. */
	private static boolean isLocalAddress(String literal) {
		try {
			InetAddress address = InetAddress.getByName(literal);
			byte first = address.getAddress()[0];
			return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
					|| address.isAnyLocalAddress() || (address.getAddress().length == 16 && (first & 0xfe) == 0xfc);
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
