package io.github.fallbackllm.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;

/**
 * Which image URLs a request may carry: base64 {@code data:} URLs, {@code https} URLs,
 * and {@code http} URLs only when allowed. A provider that fetches image URLs itself, as
 * self-hosted vLLM and Ollama do, fetches them from inside the network, so a
 * {@code file:} or {@code http://169.254.169.254/} URL must not reach it.
 *
 * @author Fallback LLM contributors
 */
public final class ImageUrls {

	private static final Pattern DATA_URL = Pattern.compile("data:(image/[\\w.+-]+);base64,(.+)", Pattern.DOTALL);

	private final boolean allowHttp;

	/**
	 * Create the rule.
	 * @param allowHttp whether plain {@code http} URLs are accepted
	 */
	public ImageUrls(boolean allowHttp) {
		this.allowHttp = allowHttp;
	}

	/**
	 * Turn an image URL into a content part.
	 * @param url the URL
	 * @param field where the URL is in the request, such as
	 * {@code messages[0].content[1].image_url.url}, for the error message
	 * @return the image part: inline data for a data URL, else the URL
	 * @throws InvalidChatRequestException if the URL has another scheme, or is a data URL
	 * that is not a base64 image
	 */
	public ContentPart image(String url, String field) {
		if (hasScheme(url, "data:")) {
			Matcher data = DATA_URL.matcher(url);
			if (!data.matches()) {
				throw new InvalidChatRequestException(
						field + " must be an https URL or a base64 data URL such as data:image/png;base64,...");
			}
			return new ContentPart.Image(null, data.group(1), data.group(2));
		}
		if (hasScheme(url, "https://") || (this.allowHttp && hasScheme(url, "http://"))) {
			return ContentPart.imageUrl(url);
		}
		String scheme = (url.indexOf(':') > 0) ? "'" + url.substring(0, Math.min(url.indexOf(':'), 20)) + ":' URLs"
				: "URLs without a scheme";
		throw new InvalidChatRequestException(field + " must be an https URL or a base64 data URL such as "
				+ "data:image/png;base64,...; " + scheme + " are not accepted"
				+ (this.allowHttp || !hasScheme(url, "http://") ? "" : " (http URLs are accepted with "
						+ GatewayProperties.PREFIX + ".allow-http-image-urls=true)"));
	}

	private static boolean hasScheme(String url, String scheme) {
		return url.regionMatches(true, 0, scheme, 0, scheme.length());
	}

}
