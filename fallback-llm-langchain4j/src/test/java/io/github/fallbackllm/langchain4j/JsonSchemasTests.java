package io.github.fallbackllm.langchain4j;

import java.util.Map;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonSchemas}: LangChain4j's schema elements as standard JSON Schema.
 */
class JsonSchemasTests {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void everyElementIsWrittenAsJsonSchema() {
		JsonObjectSchema person = JsonObjectSchema.builder()
			.description("A person")
			.addProperty("name", JsonStringSchema.builder().description("Full name").build())
			.addProperty("age", new JsonIntegerSchema())
			.addProperty("height", new JsonNumberSchema())
			.addProperty("retired", new JsonBooleanSchema())
			.addProperty("role", JsonEnumSchema.builder().enumValues("ADMIN", "USER").build())
			.addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
			.addProperty("manager",
					JsonAnyOfSchema.builder()
						.anyOf(JsonReferenceSchema.builder().reference("Person").build(), new JsonNullSchema())
						.build())
			.addProperty("extra", JsonRawSchema.from("{\"type\":\"string\",\"format\":\"date\"}"))
			.required("name", "age")
			.additionalProperties(false)
			.definitions(Map.of("Person", JsonObjectSchema.builder().addStringProperty("name").build()))
			.build();

		assertThat(JSON.readTree(JsonSchemas.toJson(person))).isEqualTo(JSON.readTree("""
				{"type":"object","description":"A person",
				 "properties":{
				   "name":{"type":"string","description":"Full name"},
				   "age":{"type":"integer"},"height":{"type":"number"},"retired":{"type":"boolean"},
				   "role":{"type":"string","enum":["ADMIN","USER"]},
				   "tags":{"type":"array","items":{"type":"string"}},
				   "manager":{"anyOf":[{"$ref":"#/$defs/Person"},{"type":"null"}]},
				   "extra":{"type":"string","format":"date"}},
				 "required":["name","age"],"additionalProperties":false,
				 "$defs":{"Person":{"type":"object","properties":{"name":{"type":"string"}}}}}"""));
	}

}
