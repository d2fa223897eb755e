package io.github.fallbackllm.provider.vertex;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoogleCredentialsSourceTests {

	@TempDir
	Path directory;

	@Test
	void aMissingFileIsNamed() {
		Path missing = this.directory.resolve("missing.json");

		assertThatIllegalArgumentException().isThrownBy(() -> GoogleCredentialsSource.file(missing))
			.withMessage("credentials file " + missing + " does not exist or cannot be read");
	}

	@Test
	void aFileWithABrokenKeyIsRejectedWithoutShowingTheKey() throws Exception {
		TestServiceAccount account = TestServiceAccount.generate();
		Path file = account.write(this.directory, "http://localhost:1/token");
		String broken = Files.readString(file).replace(account.privateKeyBase64().substring(0, 20), "AAAA");
		Files.writeString(file, broken);

		assertThatIllegalArgumentException().isThrownBy(() -> GoogleCredentialsSource.file(file))
			.withMessageStartingWith("credentials file " + file + " holds no Google credentials")
			.withMessageNotContaining(account.privateKeyBase64().substring(20, 60));
	}

	@Test
	void aFileOfAnotherKindIsRejected() throws Exception {
		Path file = Files.writeString(this.directory.resolve("other.json"), "{\"hello\":\"world\"}");

		assertThatIllegalArgumentException().isThrownBy(() -> GoogleCredentialsSource.file(file))
			.withMessageStartingWith("credentials file " + file + " holds no Google credentials");
	}

}
