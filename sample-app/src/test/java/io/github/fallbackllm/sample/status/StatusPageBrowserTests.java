package io.github.fallbackllm.sample.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in Debian's headless Chromium, driven through Debian's
 * {@code chromedriver} (never a downloaded one): after the test chat button is pressed in
 * the demo profile, the page shows the primary's 429, the hop and the cooldown. Saves a
 * screenshot to {@code target/status-page.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.simulator.rate-limit-window=10m", "spring.application.name=status-page" })
class StatusPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** A bound on each wait for the page, not a measurement. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	private WebDriver driver;

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
	void testChatShowsThePrimarysRateLimitTheHopAndTheCooldown() throws IOException {
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

		byte[] screenshot = ((ChromeDriver) this.driver).getScreenshotAs(OutputType.BYTES);
		Files.write(Path.of("target", "status-page.png"), screenshot);
	}

	private String text(String id) {
		return this.driver.findElement(By.id(id)).getText();
	}

}
