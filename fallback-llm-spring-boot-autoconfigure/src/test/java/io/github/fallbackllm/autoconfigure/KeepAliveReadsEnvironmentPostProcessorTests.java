package io.github.fallbackllm.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveReadsEnvironmentPostProcessorTests {

	private static final String PROPERTY = KeepAliveReadsEnvironmentPostProcessor.PROPERTY;

	private String before;

	@BeforeEach
	void remember() {
		this.before = System.getProperty(PROPERTY);
	}

	@AfterEach
	void restore() {
		if (this.before != null) {
			System.setProperty(PROPERTY, this.before);
		}
		else {
			System.clearProperty(PROPERTY);
		}
	}

	@Test
	void reactorNettyEndsThePreviousRequestWhenTheNextArrivesUnlessTheJvmSaysOtherwise() {
		System.clearProperty(PROPERTY);
		postProcess();
		assertThat(System.getProperty(PROPERTY)).isEqualTo("true");
	}

	@Test
	void aValueTheJvmWasGivenIsKept() {
		System.setProperty(PROPERTY, "false");
		postProcess();
		assertThat(System.getProperty(PROPERTY)).isEqualTo("false");
	}

	private static void postProcess() {
		new KeepAliveReadsEnvironmentPostProcessor().postProcessEnvironment(new MockEnvironment(),
				new SpringApplication());
	}

}
