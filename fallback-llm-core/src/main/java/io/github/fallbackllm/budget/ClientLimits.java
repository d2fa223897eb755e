package io.github.fallbackllm.budget;

/**
 * The limits of one client of the chain, such as a key of the gateway: requests and
 * tokens per clock minute, and tokens per UTC day. Tokens are input and output tokens as
 * the providers report them. {@code 0} means no limit.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute
 * @param tokensPerDay tokens per UTC day
 * @author Fallback LLM contributors
 */
public record ClientLimits(long rpm, long tpm, long tokensPerDay) {

	/** The largest limit a window can count. */
	public static final long MAX = 0xFFFF_FFFFL;

	/** No limit at all. */
	public static final ClientLimits NONE = new ClientLimits(0, 0, 0);

	public ClientLimits {
		check("rpm", rpm);
		check("tpm", tpm);
		check("tokensPerDay", tokensPerDay);
	}

	/**
	 * Return whether any limit is set.
	 * @return whether calls must be counted
	 */
	public boolean limited() {
		return this.rpm > 0 || this.tpm > 0 || this.tokensPerDay > 0;
	}

	private static void check(String name, long limit) {
		if (limit < 0 || limit > MAX) {
			throw new IllegalArgumentException(
					name + " must be between 0 (no limit) and " + MAX + " (got " + limit + ")");
		}
	}

}
