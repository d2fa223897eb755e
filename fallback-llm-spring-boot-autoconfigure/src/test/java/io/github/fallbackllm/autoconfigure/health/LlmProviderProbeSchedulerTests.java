package io.github.fallbackllm.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.fallbackllm.health.LlmProviderProbe;
import io.github.fallbackllm.policy.FailureAdvice;
import io.github.fallbackllm.policy.FailurePolicy;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.testsupport.ProviderStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.fallbackllm.health.ModelListStubs.openAiModels;
import static io.github.fallbackllm.testsupport.ProviderStubs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LlmProviderProbeSchedulerTests {

	private static final String MODELS = "/v1/models";

	@RegisterExtension
	static WireMockExtension server = ProviderStubs.server();

	private LlmProviderProbeScheduler scheduler;

	@AfterEach
	void stop() {
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
	}

	@Test
	void probesEveryIntervalUntilStopped() throws InterruptedException {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o"))));
		this.scheduler = new LlmProviderProbeScheduler(List.of(probe()), Duration.ofMillis(50));

		this.scheduler.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> probes() >= 3);
		this.scheduler.stop();
		// A request sent just before the stop may still be on its way.
		Thread.sleep(100);
		int afterStop = probes();
		Thread.sleep(300);

		assertThat(this.scheduler.isRunning()).isFalse();
		assertThat(probes()).isEqualTo(afterStop);
	}

	@Test
	void roundStillRunningWhenTheNextIsDueMakesThatOneSkip() throws InterruptedException {
		server.stubFor(get(MODELS).willReturn(ok(openAiModels("gpt-4o")).withFixedDelay(400)));
		this.scheduler = new LlmProviderProbeScheduler(List.of(probe()), Duration.ofMillis(20));

		long start = System.nanoTime();
		this.scheduler.start();
		Thread.sleep(1000);
		this.scheduler.stop();
		long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

		// One probe at a time, each taking 400 ms: overlapping rounds would make about
		// 50.
		assertThat(probes()).isBetween(1, (int) (elapsedMillis / 400) + 1);
	}

	private static LlmProviderProbe probe() {
		return new LlmProviderProbe(ProviderStubs.openAi("openai", server, "sk-test-scheduler0123456789", "gpt-4o"),
				FailurePolicy.STANDARD, FailureAdvice.BY_NAME, SecretRedactor.patternsOnly(), Duration.ofSeconds(2),
				Duration.ofSeconds(30), Clock.systemUTC());
	}

	private static int probes() {
		return server.findAll(getRequestedFor(urlPathEqualTo(MODELS))).size();
	}

}
