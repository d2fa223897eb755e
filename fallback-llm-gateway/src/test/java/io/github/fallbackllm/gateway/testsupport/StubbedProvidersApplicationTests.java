package io.github.fallbackllm.gateway.testsupport;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application under test on a random port, with its chain pointed at two WireMock
 * providers: {@link #primary} in OpenAI format, then {@link #secondary} in Anthropic
 * format. The stubs and the context are shared by every test class, so each test starts
 * with the stubs reset and the cooldowns of earlier tests over.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stubs")
@Import(StubProviders.AdjustableClockConfiguration.class)
public abstract class StubbedProvidersApplicationTests {

	protected static final WireMockServer primary = StubProviders.server();

	protected static final WireMockServer secondary = StubProviders.server();

	@Autowired
	private AdjustableClock clock;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		StubProviders.register(registry, primary, secondary);
	}

	@BeforeEach
	void forgetEarlierTests() {
		primary.resetAll();
		secondary.resetAll();
		this.clock.advance(Duration.ofHours(1));
	}

}
