package io.github.fallbackllm.chat;

import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: text or an image.
 *
 * @author Fallback LLM contributors
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

	/**
	 * Create a text part.
	 * @param text the text
	 * @return the part
	 */
	static Text text(String text) {
		return new Text(text);
	}

	/**
	 * Create an image part that the provider fetches from a URL.
	 * @param url an {@code https} URL
	 * @return the part
	 */
	static Image imageUrl(String url) {
		return new Image(url, null, null);
	}

	/**
	 * Create an image part sent inline.
	 * @param mediaType the image's media type, such as {@code image/png}
	 * @param bytes the image
	 * @return the part
	 */
	static Image image(String mediaType, byte[] bytes) {
		return new Image(null, mediaType, Base64.getEncoder().encodeToString(bytes));
	}

	/**
	 * A piece of text.
	 *
	 * @param text the text
	 */
	record Text(String text) implements ContentPart {

		public Text {
			if (text == null) {
				throw new InvalidChatRequestException("A text part needs text (got null)");
			}
		}

	}

	/**
	 * An image, either by URL or inline as base64 data with its media type.
	 *
	 * @param url where the provider fetches the image, or {@code null} for inline data
	 * @param mediaType the media type of inline data, such as {@code image/png}
	 * @param base64Data the inline image, base64-encoded
	 */
	record Image(@Nullable String url, @Nullable String mediaType, @Nullable String base64Data) implements ContentPart {

		public Image {
			if ((url == null) == (base64Data == null)) {
				throw new InvalidChatRequestException("An image part needs either a URL or inline data");
			}
			if (base64Data != null && (mediaType == null || !mediaType.startsWith("image/"))) {
				throw new InvalidChatRequestException(
						"Inline image data needs an image media type such as image/png (got " + mediaType + ")");
			}
		}

		/**
		 * Return whether the image is sent inline rather than by URL.
		 * @return whether the data is inline
		 */
		public boolean isInline() {
			return this.base64Data != null;
		}

		@Override
		public String toString() {
			return "Image[" + (isInline() ? this.mediaType + ", " + this.base64Data.length() + " base64 characters"
					: "url=" + this.url) + "]";
		}

	}

}
