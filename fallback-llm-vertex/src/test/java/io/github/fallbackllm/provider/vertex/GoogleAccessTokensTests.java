package io.github.fallbackllm.provider.vertex;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GoogleAccessTokensTests {

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private static final TestServiceAccount ACCOUNT = TestServiceAccount.shared();

	@TempDir
	Path directory;

	/**
	 * Starts at the real time: google-auth dates a token's expiry by the system clock
	 * when it mints it, and a test takes seconds, where the margins are minutes.
	 */
	private final MutableClock clock = new MutableClock(Instant.now());

	private GoogleAccessTokens tokens;

	@BeforeEach
	void createTokens() throws Exception {
		Path file = ACCOUNT.write(this.directory, server.baseUrl() + TokenEndpointStubs.PATH);
		this.tokens = new GoogleAccessTokens(GoogleCredentialsSource.file(file), this.clock);
	}

	@Test
	void mintsWithASignedAssertionForTheCloudPlatformScope() {
		TokenEndpointStubs.mints(server, "ya29.first");

		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.first");

		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
		assertThat(requests).hasSize(1);
		String assertion = UriComponentsBuilder.newInstance()
			.query(requests.get(0).getBodyAsString())
			.build()
			.getQueryParams()
			.getFirst("assertion");
		JsonNode claims = ACCOUNT.verifiedClaims(assertion);
		assertThat(claims.path("iss").asString()).isEqualTo(TestServiceAccount.EMAIL);
		// google-auth names Google's token endpoint as audience whatever token_uri says.
		assertThat(claims.path("aud").asString()).isEqualTo("https://oauth2.googleapis.com/token");
		assertThat(claims.path("scope").asString()).isEqualTo(GoogleCredentialsSource.CLOUD_PLATFORM);
	}

	@Test
	void keepsATokenUntilFiveMinutesBeforeItExpiresThenMintsAnother() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second");

		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.first");
		this.clock.advance(Duration.ofMinutes(54));
		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.first");
		server.verify(1, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.second");
		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.second");
		server.verify(2, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
	}

	@Test
	void renewsARejectedTokenOnceHoweverManyRequestsItFailed() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second", "ya29.third");
		this.tokens.token().block(Duration.ofSeconds(10));
		this.clock.advance(GoogleAccessTokens.RENEWAL_WINDOW);

		this.tokens.renew().block(Duration.ofSeconds(10));
		this.tokens.renew().block(Duration.ofSeconds(10));

		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.second");
		server.verify(2, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
	}

	@Test
	void aTokenMintedWithinTheRenewalWindowIsNotRenewed() {
		TokenEndpointStubs.mints(server, "ya29.first", "ya29.second");
		this.tokens.token().block(Duration.ofSeconds(10));
		this.clock.advance(GoogleAccessTokens.RENEWAL_WINDOW.minusSeconds(1));

		this.tokens.renew().block(Duration.ofSeconds(10));

		assertThat(this.tokens.token().block(Duration.ofSeconds(10))).isEqualTo("ya29.first");
		server.verify(1, postRequestedFor(urlEqualTo(TokenEndpointStubs.PATH)));
	}

	@Test
	void aRefusedAssertionIsACredentialsFailureThatShowsTheOAuthErrorButNoKey() {
		server.stubFor(post(TokenEndpointStubs.PATH).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));

		assertThatExceptionOfType(ProviderException.class)
			.isThrownBy(() -> this.tokens.token().block(Duration.ofSeconds(10)))
			.satisfies((ex) -> {
				assertThat(ex.getOutcome()).isEqualTo(AttemptOutcome.AUTHENTICATION_FAILED);
				assertThat(ex.getMessage()).contains("HTTP 400: invalid_grant (Invalid JWT Signature.)")
					.contains("service-account.json")
					.doesNotContain(ACCOUNT.privateKeyBase64().substring(0, 40))
					.doesNotContain("assertion");
				assertThat(ex).hasNoCause();
			});
	}

	@Test
	void refreshesAtHalfTheLifeOfAShortLivedToken() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		assertThat(GoogleAccessTokens.refreshAt(now, Date.from(now.plus(Duration.ofHours(1)))))
			.isEqualTo(now.plus(Duration.ofMinutes(55)));
		assertThat(GoogleAccessTokens.refreshAt(now, Date.from(now.plus(Duration.ofMinutes(4)))))
			.isEqualTo(now.plus(Duration.ofMinutes(2)));
		assertThat(GoogleAccessTokens.refreshAt(now, Date.from(now.minusSeconds(1)))).isEqualTo(now.minusSeconds(1));
		assertThat(GoogleAccessTokens.refreshAt(now, null)).isEqualTo(Instant.MAX);
	}

}
