package io.github.fallbackllm.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.fallbackllm.budget.ClientLimits;
import org.jspecify.annotations.Nullable;

/**
 * One key of the gateway: its name, which logs, metrics and errors show, the SHA-256
 * digest of its secret, which is all that is kept of it, the routes it may use and its
 * limits. Its {@link #toString()} shows the name only.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayKey {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final HexFormat HEX = HexFormat.of();

	private final String name;

	private final byte[] sha256;

	private final Set<String> routes;

	private final ClientLimits limits;

	private GatewayKey(String name, byte[] sha256, List<String> routes, ClientLimits limits) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A key's name must be 1 to 64 letters, digits, '.', '_' or '-', "
					+ "starting with a letter or digit");
		}
		this.name = name;
		this.sha256 = sha256;
		this.routes = Set.copyOf(routes);
		this.limits = limits;
	}

	/**
	 * Create a key from its secret.
	 * @param name the key's name
	 * @param secret the secret clients send
	 * @param routes the routes, or the models naming them, the key may use; empty for all
	 * @param limits its limits
	 * @return the key, which keeps the secret's digest only
	 */
	public static GatewayKey of(String name, String secret, List<String> routes, ClientLimits limits) {
		return new GatewayKey(name, sha256(secret.getBytes(StandardCharsets.UTF_8)), routes, limits);
	}

	/**
	 * Create a key from the hex SHA-256 digest of its secret, as
	 * {@code printf %s "$KEY" | sha256sum} prints it.
	 * @param name the key's name
	 * @param sha256 the digest, 64 hex digits
	 * @param routes the routes, or the models naming them, the key may use; empty for all
	 * @param limits its limits
	 * @return the key
	 */
	public static GatewayKey ofSha256(String name, String sha256, List<String> routes, ClientLimits limits) {
		if (!isSha256(sha256)) {
			throw new IllegalArgumentException("A key's SHA-256 digest must be 64 hex digits");
		}
		return new GatewayKey(name, HEX.parseHex(sha256.strip()), routes, limits);
	}

	/**
	 * Return whether a text is a hex SHA-256 digest.
	 * @param text the text
	 * @return whether it is 64 hex digits
	 */
	public static boolean isSha256(@Nullable String text) {
		return text != null && text.strip().length() == 64 && text.strip().chars().allMatch(HexFormat::isHexDigit);
	}

	/**
	 * Return whether a name is a valid key name.
	 * @param name the name
	 * @return whether it is 1 to 64 letters, digits, '.', '_' or '-'
	 */
	public static boolean isValidName(@Nullable String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/**
	 * Return the key's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the key's limits.
	 * @return the limits
	 */
	public ClientLimits limits() {
		return this.limits;
	}

	/**
	 * Return whether the key may use a route.
	 * @param route the route's name
	 * @param model the model the client asked for, which may be one of the route's
	 * aliases; {@code null} when none
	 * @return whether the key's routes hold either, or the key may use every route
	 */
	public boolean allows(String route, @Nullable String model) {
		return this.routes.isEmpty() || this.routes.contains(route) || (model != null && this.routes.contains(model));
	}

	/**
	 * Return whether another key has the same secret, which would make a request's key
	 * ambiguous.
	 * @param other the other key
	 * @return whether their digests are equal
	 */
	public boolean hasSameSecretAs(GatewayKey other) {
		return matches(other.sha256);
	}

	/**
	 * Compare a digest with the key's in constant time.
	 */
	boolean matches(byte[] digest) {
		return MessageDigest.isEqual(this.sha256, digest);
	}

	static byte[] sha256(byte[] secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return "GatewayKey[" + this.name + "]";
	}

}
