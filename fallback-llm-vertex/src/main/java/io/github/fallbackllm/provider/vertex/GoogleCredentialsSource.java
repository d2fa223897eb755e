package io.github.fallbackllm.provider.vertex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.auth.oauth2.GoogleCredentials;
import org.jspecify.annotations.Nullable;

/**
 * Where Google credentials come from: a credentials file (service account, workload
 * identity federation, authorized user) or, without one, Application Default Credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's file, the metadata server). Either is
 * scoped to {@value #CLOUD_PLATFORM} when its kind needs a scope.
 *
 * @author Fallback LLM contributors
 */
final class GoogleCredentialsSource {

	/** The OAuth scope of Vertex AI. */
	static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

	private final @Nullable Path file;

	private final @Nullable GoogleCredentials fromFile;

	private GoogleCredentialsSource(@Nullable Path file, @Nullable GoogleCredentials fromFile) {
		this.file = file;
		this.fromFile = fromFile;
	}

	/**
	 * Return the source of Application Default Credentials.
	 * @return the source
	 */
	static GoogleCredentialsSource applicationDefault() {
		return new GoogleCredentialsSource(null, null);
	}

	/**
	 * Return the source of a credentials file, read now so that a wrong path or file
	 * stops the application at startup.
	 * @param file the file
	 * @return the source
	 * @throws IllegalArgumentException if the file cannot be read or holds no credentials
	 */
	static GoogleCredentialsSource file(Path file) {
		if (!Files.isReadable(file)) {
			throw new IllegalArgumentException("credentials file " + file + " does not exist or cannot be read");
		}
		try (InputStream in = Files.newInputStream(file)) {
			// google-auth's messages name the missing or broken field, never its value.
			return new GoogleCredentialsSource(file, GoogleCredentials.fromStream(in));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					"credentials file " + file + " holds no Google credentials: " + ex.getMessage());
		}
	}

	/**
	 * Return the credentials, looking Application Default Credentials up now; they mint
	 * no token yet.
	 * @return the credentials, scoped for Vertex AI
	 * @throws IOException if there are none, or the file is not a credentials file
	 */
	GoogleCredentials load() throws IOException {
		GoogleCredentials credentials = (this.fromFile != null) ? this.fromFile
				: GoogleCredentials.getApplicationDefault();
		return credentials.createScopedRequired() ? credentials.createScoped(CLOUD_PLATFORM) : credentials;
	}

	@Override
	public String toString() {
		return (this.file != null) ? "credentials file " + this.file : "Application Default Credentials";
	}

}
