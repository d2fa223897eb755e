package io.github.fallbackllm.autoconfigure.gateway;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.autoconfigure.ConfigurationProblem;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.gateway.GatewayProperties;
import io.github.fallbackllm.gateway.keys.GatewayKey;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns {@code llm.fallback.gateway.keys} into {@link GatewayKey}s, listing every problem
 * with its property, and decides whether a gateway without keys may start.
 *
 * @author Fallback LLM contributors
 */
final class GatewayAccessFactory {

	static final String PREFIX = GatewayProperties.PREFIX + ".";

	/** Shorter secrets can be guessed. */
	static final int MIN_SECRET_LENGTH = 16;

	private GatewayAccessFactory() {
	}

	/**
	 * Return the keys.
	 * @throws GatewayConfigurationException listing every problem
	 */
	static List<GatewayKey> keys(GatewayProperties properties) {
		List<ConfigurationProblem> problems = new ArrayList<>();
		List<GatewayKey> keys = new ArrayList<>();
		Map<String, Integer> names = new HashMap<>();
		List<GatewayProperties.Key> configured = properties.getKeys();
		if (configured.isEmpty()) {
			problems.add(new ConfigurationProblem(PREFIX + "auth", "is 'keys' but no key is configured",
					"add llm.fallback.gateway.keys, or set llm.fallback.gateway.auth=none"));
		}
		for (int i = 0; i < configured.size(); i++) {
			GatewayKey key = key(i, configured.get(i), problems);
			if (key == null) {
				continue;
			}
			Integer sameName = names.putIfAbsent(key.name(), i);
			if (sameName != null) {
				problems.add(new ConfigurationProblem(property(i, "name"),
						"is '" + key.name() + "', as keys[" + sameName + "] is", "give each key its own name"));
			}
			for (GatewayKey other : keys) {
				if (other.hasSameSecretAs(key)) {
					problems.add(new ConfigurationProblem(property(i, "key"),
							"is the same secret as the key named '" + other.name() + "'",
							"give each key its own secret"));
				}
			}
			keys.add(key);
		}
		if (!problems.isEmpty()) {
			throw new GatewayConfigurationException(problems);
		}
		return keys;
	}

	private static @Nullable GatewayKey key(int index, GatewayProperties.Key key, List<ConfigurationProblem> problems) {
		int before = problems.size();
		String name = key.getName();
		if (!GatewayKey.isValidName(name)) {
			problems.add(new ConfigurationProblem(property(index, "name"),
					StringUtils.hasText(name) ? "is not a valid key name" : "is missing",
					"set 1 to 64 letters, digits, '.', '_' or '-', such as team-a; it is shown in logs, "
							+ "metrics and errors"));
		}
		String secret = key.getKey();
		String sha256 = key.getKeySha256();
		if (secret != null && sha256 != null) {
			problems.add(new ConfigurationProblem(property(index, "key-sha256"), "is set as well as key",
					"set one of them"));
		}
		else if (secret == null && sha256 == null) {
			problems.add(new ConfigurationProblem(property(index, "key"), "is missing",
					"set key (usually ${AN_ENVIRONMENT_VARIABLE}) or key-sha256"));
		}
		else if (secret != null && secret.strip().length() < MIN_SECRET_LENGTH) {
			problems.add(new ConfigurationProblem(property(index, "key"),
					secret.isBlank() ? "is empty" : "is shorter than " + MIN_SECRET_LENGTH + " characters",
					"use a random secret of " + MIN_SECRET_LENGTH + " characters or more, such as the output of "
							+ "'openssl rand -hex 24'"));
		}
		else if (secret != null && !printableAscii(secret.strip())) {
			problems.add(new ConfigurationProblem(property(index, "key"),
					"has characters other than printable ASCII without spaces",
					"use a secret that clients can send in a header, such as the output of 'openssl rand -hex 24'"));
		}
		else if (sha256 != null && !GatewayKey.isSha256(sha256)) {
			problems.add(new ConfigurationProblem(property(index, "key-sha256"), "is not 64 hex digits",
					"set the SHA-256 digest of the secret, as 'printf %s \"$KEY\" | sha256sum' prints it"));
		}
		long rpm = limit(index, "rpm", key.getRpm(), problems);
		long tpm = limit(index, "tpm", key.getTpm(), problems);
		long perDay = limit(index, "max-tokens-per-day", key.getMaxTokensPerDay(), problems);
		if (problems.size() > before || name == null) {
			return null;
		}
		ClientLimits limits = new ClientLimits(rpm, tpm, perDay);
		List<String> routes = key.getRoutes().stream().map(String::strip).toList();
		return (secret != null) ? GatewayKey.of(name, secret.strip(), routes, limits)
				: GatewayKey.ofSha256(name, sha256, routes, limits);
	}

	private static long limit(int index, String name, @Nullable Long value, List<ConfigurationProblem> problems) {
		if (value == null) {
			return 0;
		}
		if (value < 1 || value > ClientLimits.MAX) {
			problems.add(new ConfigurationProblem(property(index, name), "is " + value,
					"set 1 to " + ClientLimits.MAX + ", or remove it for no limit"));
			return 0;
		}
		return value;
	}

	/**
	 * Refuse to serve without keys on an address others can reach, unless asked to.
	 * @param properties the gateway's settings
	 * @param address the address the web server listens on, {@code null} for every
	 * interface
	 * @throws GatewayConfigurationException when the gateway would be open to the network
	 */
	static void checkExposure(GatewayProperties properties, @Nullable InetAddress address) {
		if (properties.isAllowUnauthenticated() || (address != null && address.isLoopbackAddress())) {
			return;
		}
		String where = (address == null || address.isAnyLocalAddress())
				? "every network interface (" + ((address != null) ? address.getHostAddress() : "0.0.0.0") + ")"
				: address.getHostAddress();
		throw new GatewayConfigurationException(List.of(new ConfigurationProblem(PREFIX + "auth",
				"is 'none' (no llm.fallback.gateway.keys are configured) and the server listens on " + where
						+ " (server.address): anyone who reaches the port would spend the providers' keys",
				"configure llm.fallback.gateway.keys, or listen on loopback only (server.address=127.0.0.1), "
						+ "or, when something in front of the gateway authenticates, set "
						+ "llm.fallback.gateway.allow-unauthenticated=true")));
	}

	static String property(int index, String name) {
		return PREFIX + "keys[" + index + "]." + name;
	}

	private static boolean printableAscii(String secret) {
		return secret.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

}
