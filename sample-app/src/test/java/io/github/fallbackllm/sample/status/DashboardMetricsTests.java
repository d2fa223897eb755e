package io.github.fallbackllm.sample.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.ChatRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's metrics after one fallback and one stream: what {@code /actuator/prometheus}
 * shows, and that every query of the Grafana dashboard names a metric it exports.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "demo.simulator.rate-limit-window=10m", "spring.application.name=dashboard-metrics" })
@AutoConfigureWebTestClient(timeout = "30s")
class DashboardMetricsTests {

	private static final Path DASHBOARD = Path.of("grafana", "fallback-llm-dashboard.json");

	private static final Pattern LABELS = Pattern.compile("by \\([^)]*\\)|\\{[^}]*}");

	private static final Pattern METRIC = Pattern.compile("\\b(?:llm_fallback|gen_ai)_[a-z_]+\\b");

	@Autowired
	private WebTestClient client;

	@Autowired
	private FallbackChatService chatService;

	@Test
	void prometheusShowsTheFallbackAndEveryDashboardQueryNamesAnExportedMetric() throws IOException {
		// The primary refuses the first request with a 429 and cools down; the stream
		// then skips it.
		this.client.post()
			.uri("/chat")
			.bodyValue("{\"message\":\"Hello\"}")
			.header("Content-Type", "application/json")
			.exchange()
			.expectStatus()
			.isOk();
		this.chatService.stream(ChatRequest.of("Stream, please")).blockLast();
		String scrape = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).isNotNull();
		List<String> lines = scrape.lines().filter((line) -> !line.startsWith("#")).toList();
		assertThat(value(lines, "gen_ai_client_operation_seconds_count", "error_type=\"rate_limited\"",
				"llm_fallback_provider=\"simulated-openai\"", "gen_ai_provider_name=\"openai\"",
				"server_address=\"127.0.0.1\""))
			.isEqualTo(1);
		assertThat(value(lines, "gen_ai_client_operation_seconds_count",
				"llm_fallback_provider=\"simulated-anthropic\"", "gen_ai_provider_name=\"anthropic\""))
			.isEqualTo(2);
		assertThat(value(lines, "llm_fallback_fallbacks_total", "llm_fallback_provider=\"simulated-anthropic\""))
			.isEqualTo(1);
		assertThat(value(lines, "llm_fallback_targets_cooling", "llm_fallback_provider=\"simulated-openai\""))
			.isEqualTo(1);
		assertThat(value(lines, "llm_fallback_targets_cooling", "llm_fallback_provider=\"simulated-anthropic\""))
			.isEqualTo(0);
		assertThat(value(lines, "llm_fallback_skips_total", "reason=\"cooling\"")).isEqualTo(1);
		assertThat(value(lines, "llm_fallback_call_seconds_count", "outcome=\"served\"", "hops=\"1\"",
				"llm_fallback_stream=\"false\""))
			.isEqualTo(1);
		Set<String> exported = new TreeSet<>();
		lines.forEach((line) -> exported.add(line.split("[{ ]", 2)[0]));
		List<String> queries = dashboardQueries();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(9);
		for (String query : queries) {
			List<String> names = metricNames(query);
			assertThat(names).as("metrics named by %s", query).isNotEmpty();
			assertThat(exported).as("metrics exported, for %s", query).containsAll(names);
		}
	}

	/**
	 * Return the value of the one sample of a metric whose labels include all of the
	 * given ones.
	 */
	private static double value(List<String> lines, String metric, String... labels) {
		List<String> matching = lines.stream()
			.filter((line) -> line.startsWith(metric + "{") && List.of(labels).stream().allMatch(line::contains))
			.toList();
		assertThat(matching).as("samples of %s with %s", metric, List.of(labels)).hasSize(1);
		String line = matching.get(0);
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	private static List<String> dashboardQueries() throws IOException {
		JsonNode dashboard = JsonMapper.shared().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.path("expr").asString());
			}
		}
		return queries;
	}

	private static List<String> metricNames(String query) {
		List<String> names = new ArrayList<>();
		// Label names share the prefixes: leave out groupings and selectors.
		Matcher matcher = METRIC.matcher(LABELS.matcher(query).replaceAll(" "));
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

}
