package io.github.fallbackllm.sample.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.fallbackllm.state.InMemoryTargetStateStore;
import io.github.fallbackllm.state.TargetStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in Debian's headless Chromium, driven through Debian's
 * {@code chromedriver} (never a downloaded one): after the test chat button is pressed in
 * the demo profile, the page shows the primary's 429, the hop, the cooldown and the
 * budgets left; after gateway requests, each key's usage by name. Saves a screenshot to
 * {@code target/status-page.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.simulator.rate-limit-window=10m", "spring.application.name=status-page",
				"llm.fallback.gateway.keys[0].name=team-a",
				"llm.fallback.gateway.keys[0].key=" + StatusPageBrowserTests.KEY })
class StatusPageBrowserTests {

	static final String KEY = "sk-gw-status-page-0123456789abcdefSECRET";

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** A bound on each wait for the page, not a measurement. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	/**
	 * Target states on a clock that reads two seconds into a minute when the application
	 * starts, so that the minute windows whose budgets the page shows do not reset
	 * between the test's call and its reading of the bars (it failed when a minute ended
	 * in between). Time still passes, for the cooldowns.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class MinuteStartingNow {

		@Bean
		TargetStateStore llmTargetStateStore() {
			long intoMinute = Instant.now().toEpochMilli() % 60_000L;
			return new InMemoryTargetStateStore(
					Clock.offset(Clock.systemUTC(), Duration.ofMillis(Math.floorMod(2_000L - intoMinute, 60_000L))));
		}

	}

	private ChromeDriver driver;

	@BeforeEach
	void startBrowser(@TempDir Path profile) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: no Chromium installed; run `apt-get install -y chromium chromium-driver` (.ci/run does)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1400,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void testChatShowsThePrimarysRateLimitTheHopTheCooldownAndTheBudgetsThenKeysShowTheirUsage() throws IOException {
		this.driver.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.driver, WAIT);
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("target-1"), "up"));
		assertThat(text("target-1")).contains("1. simulated-openai (openai)").contains("sim-gpt-4o-mini");
		assertThat(text("target-2")).contains("2. simulated-anthropic (anthropic)");

		this.driver.findElement(By.id("send-test-chat")).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chat-result"), "Answered by"));
		assertThat(text("chat-result")).contains("Answered by simulated-anthropic").contains("after 1 hop");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("target-1"), "cooling until"));
		assertThat(text("target-1")).matches("(?s).*cooling until \\d\\d:\\d\\d:\\d\\d.*").contains("rate limited");
		assertThat(text("target-2")).contains("up");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fallbacks"), "1"));
		assertThat(text("calls")).isEqualTo("1");
		String attempts = text("attempts");
		assertThat(attempts).contains("simulated-openai/sim-gpt-4o-mini rate_limited 429")
			.contains("simulated-anthropic/sim-claude-sonnet-4-5 succeeded");
		// The declared budgets of the demo profile, one request spent on each target.
		assertThat(text("budget-1-rpm")).isEqualTo("rpm: 59 / 60 left");
		assertThat(text("budget-2-rpm")).isEqualTo("rpm: 119 / 120 left");
		assertThat(text("budget-2-tpm")).matches("tpm: 19\\d,\\d{3} / 200,000 left");
		assertThat(
				this.driver.executeScript("return document.querySelector('#budget-2-rpm .fill').getAttribute('style')"))
			.asString()
			.contains("width: 99%");
		// The primary's 429 said no requests are left until its window resets.
		assertThat(text("budget-1-requests")).isEqualTo("requests: 0 left (provider)");

		assertThat(gatewayChat(KEY)).isEqualTo(200);
		assertThat(gatewayChat("sk-gw-not-a-key-0123456789abcdef")).isEqualTo(401);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-team-a")));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-unknown"), "invalid_key 1"));
		assertThat(text("key-team-a")).matches("team-a 1 \\d+ / \\d+ none");
		assertThat(text("key-unknown")).isEqualTo("unknown 0 0 / 0 invalid_key 1");
		assertThat(this.driver.getPageSource()).doesNotContain(KEY);

		byte[] screenshot = this.driver.getScreenshotAs(OutputType.BYTES);
		Files.write(Path.of("target", "status-page.png"), screenshot);
	}

	private int gatewayChat(String key) {
		return WebClient.create("http://localhost:" + this.port)
			.post()
			.uri("/v1/chat/completions")
			.header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(WAIT);
	}

	/**
	 * Read an element's text in one step: the page replaces its elements as it polls, so
	 * an element found in one command may be gone by the next. Table cells come apart by
	 * one space, as WebDriver's own text reads them.
	 */
	private String text(String id) {
		String text = (String) this.driver.executeScript("return document.getElementById(arguments[0]).innerText", id);
		return text.replaceAll("[ \t]*\t[ \t]*", " ").strip();
	}

}
