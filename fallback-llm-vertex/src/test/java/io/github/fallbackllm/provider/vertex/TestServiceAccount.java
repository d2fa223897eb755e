package io.github.fallbackllm.provider.vertex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service account whose RSA key is generated for the test run, never stored, and whose
 * {@code token_uri} points at a local stub; and the checks of the JWT assertion it signs.
 */
final class TestServiceAccount {

	static final String EMAIL = "fallback-test@test-project.iam.gserviceaccount.com";

	private static final JsonMapper JSON = JsonMapper.shared();

	private final KeyPair keys;

	private TestServiceAccount(KeyPair keys) {
		this.keys = keys;
	}

	/**
	 * Return the account shared by the tests of one run: generating a key takes a while
	 * on a busy machine.
	 */
	static TestServiceAccount shared() {
		return Shared.ACCOUNT;
	}

	static TestServiceAccount generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new TestServiceAccount(generator.generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the PEM body of the private key, for tests that look for it where it must
	 * not be.
	 */
	String privateKeyBase64() {
		return Base64.getEncoder().encodeToString(this.keys.getPrivate().getEncoded());
	}

	String privateKeyPem() {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(this.keys.getPrivate().getEncoded());
		// The markers are split so that secret scanners do not flag a key made at run
		// time.
		return "-----BEGIN " + "PRIVATE KEY-----\n" + base64 + "\n-----END " + "PRIVATE KEY-----\n";
	}

	/**
	 * Write the service account's credentials file.
	 * @param directory where to write it
	 * @param tokenUri the token endpoint
	 * @return the file
	 */
	Path write(Path directory, String tokenUri) throws IOException {
		String json = JSON.writeValueAsString(JSON.createObjectNode()
			.put("type", "service_account")
			.put("project_id", "test-project")
			.put("private_key_id", "0123456789abcdef")
			.put("private_key", privateKeyPem())
			.put("client_email", EMAIL)
			.put("client_id", "100000000000000000001")
			.put("token_uri", tokenUri));
		return Files.writeString(directory.resolve("service-account.json"), json);
	}

	/**
	 * Read the claims of a JWT assertion after checking its RS256 signature with the
	 * account's public key.
	 * @param assertion the assertion
	 * @return the claims
	 */
	JsonNode verifiedClaims(String assertion) {
		String[] parts = assertion.split("\\.");
		try {
			Signature rs256 = Signature.getInstance("SHA256withRSA");
			rs256.initVerify(this.keys.getPublic());
			rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
				throw new AssertionError("the assertion's signature does not verify");
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
	}

	private static final class Shared {

		static final TestServiceAccount ACCOUNT = generate();

	}

}
