package io.github.fallbackllm.gateway.keys;

import java.nio.charset.StandardCharsets;

import io.github.fallbackllm.gateway.keys.PresentedKey.Problem;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PresentedKey}.
 */
class PresentedKeyTests {

	private static final String KEY = "gw-0123456789abcdef0123";

	@Test
	void bearerTokenIsTheKeyWhateverTheSchemesCase() {
		assertThat(key(headers("Authorization", "Bearer " + KEY))).isEqualTo(KEY);
		assertThat(key(headers("Authorization", "bearer " + KEY))).isEqualTo(KEY);
	}

	@Test
	void apiKeyHeaderIsTheKey() {
		assertThat(key(headers("x-api-key", KEY))).isEqualTo(KEY);
	}

	@Test
	void bothHeadersWithTheSameKeyAreOneKey() {
		HttpHeaders headers = headers("Authorization", "Bearer " + KEY);
		headers.add("x-api-key", KEY);
		assertThat(key(headers)).isEqualTo(KEY);
	}

	@Test
	void noKeyIsMissing() {
		assertThat(PresentedKey.read(new HttpHeaders()).problem()).isEqualTo(Problem.MISSING);
	}

	@Test
	void severalKeysAreRefused() {
		HttpHeaders twoAuthorizations = headers("Authorization", "Bearer " + KEY);
		twoAuthorizations.add("Authorization", "Bearer other-key-0123456789");
		assertThat(PresentedKey.read(twoAuthorizations).problem()).isEqualTo(Problem.SEVERAL);
		HttpHeaders twoHeaders = headers("Authorization", "Bearer " + KEY);
		twoHeaders.add("x-api-key", "other-key-0123456789");
		assertThat(PresentedKey.read(twoHeaders).problem()).isEqualTo(Problem.SEVERAL);
		// A comma-separated list in one header is no key either.
		assertThat(PresentedKey.read(headers("Authorization", "Bearer " + KEY + ", Bearer other")).problem())
			.isEqualTo(Problem.MALFORMED);
	}

	@Test
	void otherSchemesAreRefused() {
		assertThat(PresentedKey.read(headers("Authorization", "Basic dXNlcjpwYXNz")).problem())
			.isEqualTo(Problem.NOT_BEARER);
		assertThat(PresentedKey.read(headers("Authorization", KEY)).problem()).isEqualTo(Problem.NOT_BEARER);
	}

	@Test
	void controlCharactersSpacesAndNonAsciiAreMalformed() {
		assertThat(PresentedKey.read(headers("Authorization", "Bearer " + KEY + "\u0001")).problem())
			.isEqualTo(Problem.MALFORMED);
		assertThat(PresentedKey.read(headers("x-api-key", "a\tb")).problem()).isEqualTo(Problem.MALFORMED);
		assertThat(PresentedKey.read(headers("Authorization", "Bearer  " + KEY)).problem())
			.isEqualTo(Problem.MALFORMED);
		assertThat(PresentedKey.read(headers("x-api-key", "clé-0123456789abcdef")).problem())
			.isEqualTo(Problem.MALFORMED);
		assertThat(PresentedKey.read(headers("Authorization", "Bearer ")).problem()).isEqualTo(Problem.MALFORMED);
	}

	@Test
	void aHugeHeaderIsRefusedWithoutReadingIt() {
		String huge = "Bearer " + "k".repeat(1_000_000);
		assertThat(PresentedKey.read(headers("Authorization", huge)).problem()).isEqualTo(Problem.MALFORMED);
		assertThat(PresentedKey.read(headers("x-api-key", "k".repeat(PresentedKey.MAX_LENGTH + 1))).problem())
			.isEqualTo(Problem.MALFORMED);
		assertThat(key(headers("x-api-key", "k".repeat(PresentedKey.MAX_LENGTH)))).hasSize(PresentedKey.MAX_LENGTH);
	}

	@Test
	void refusalsNeverShowTheKey() {
		for (Problem problem : Problem.values()) {
			assertThat(problem.message()).doesNotContain(KEY);
		}
		assertThat(PresentedKey.read(headers("x-api-key", KEY))).hasToString("PresentedKey[a key]");
	}

	private static String key(HttpHeaders headers) {
		PresentedKey presented = PresentedKey.read(headers);
		assertThat(presented.problem()).isNull();
		return new String(presented.key(), StandardCharsets.US_ASCII);
	}

	private static HttpHeaders headers(String name, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(name, value);
		return headers;
	}

}
