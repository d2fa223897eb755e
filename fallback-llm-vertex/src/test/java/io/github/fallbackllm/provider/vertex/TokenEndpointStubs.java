package io.github.fallbackllm.provider.vertex;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

/**
 * A Google OAuth token endpoint on WireMock that mints the given tokens in turn, each
 * valid for an hour, for the JWT-bearer grant of service accounts.
 */
final class TokenEndpointStubs {

	static final String PATH = "/token";

	private static final String SCENARIO = "tokens";

	private TokenEndpointStubs() {
	}

	static void mints(WireMockExtension server, String... tokens) {
		for (int i = 0; i < tokens.length; i++) {
			String state = (i == 0) ? Scenario.STARTED : "minted " + i;
			server.stubFor(post(PATH).inScenario(SCENARIO)
				.whenScenarioStateIs(state)
				.withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
				.willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
					.withBody("{\"access_token\":\"" + tokens[i] + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"))
				.willSetStateTo("minted " + (i + 1)));
		}
	}

}
