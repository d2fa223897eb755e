package io.github.fallbackllm.gateway;

import io.github.fallbackllm.chat.ContentPart;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ImageUrls}.
 */
class ImageUrlsTests {

	private final ImageUrls httpsOnly = new ImageUrls(false);

	@Test
	void httpsUrlIsPassedOn() {
		assertThat(this.httpsOnly.image("https://example.com/a.png", "image"))
			.isEqualTo(ContentPart.imageUrl("https://example.com/a.png"));
		assertThat(this.httpsOnly.image("HTTPS://example.com/a.png", "image"))
			.isEqualTo(ContentPart.imageUrl("HTTPS://example.com/a.png"));
	}

	@Test
	void dataUrlBecomesInlineData() {
		assertThat(this.httpsOnly.image("data:image/png;base64,iVBORw==", "image"))
			.isEqualTo(new ContentPart.Image(null, "image/png", "iVBORw=="));
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "ftp://example.com/a.png", "gopher://127.0.0.1:6379/_INFO",
			"jar:file:/tmp/a.jar!/a.png", "/etc/passwd", "example.com/a.png" })
	void urlOfAnotherSchemeIsRejectedWithAMessageThatSaysWhichAreAccepted(String url) {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> this.httpsOnly.image(url, "messages[0].content[0].image_url.url"))
			.withMessageStartingWith("messages[0].content[0].image_url.url must be an https URL or a base64 data URL")
			.withMessageContaining("are not accepted");
	}

	@Test
	void httpUrlIsRejectedWithThePropertyThatAllowsIt() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> this.httpsOnly.image("http://169.254.169.254/latest/meta-data/", "image"))
			.withMessageContaining("llm.fallback.gateway.allow-http-image-urls=true");
	}

	@Test
	void httpUrlIsPassedOnWhenAllowed() {
		assertThat(new ImageUrls(true).image("http://intranet/a.png", "image"))
			.isEqualTo(ContentPart.imageUrl("http://intranet/a.png"));
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> new ImageUrls(true).image("file:///etc/passwd", "image"));
	}

}
