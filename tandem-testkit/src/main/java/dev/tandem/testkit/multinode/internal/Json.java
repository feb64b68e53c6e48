package dev.tandem.testkit.multinode.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import dev.tandem.testkit.multinode.NodeTask;
import java.io.IOException;

/** The JSON mapping shared by both ends of the control protocol. */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new ParameterNamesModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Json() {}

  static byte[] write(Frame frame) throws IOException {
    return MAPPER.writeValueAsBytes(frame);
  }

  static Frame read(byte[] bytes) throws IOException {
    return MAPPER.readValue(bytes, Frame.class);
  }

  /** {@code value} as a JSON tree, for a task's parameters or result. */
  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** The declared parameter (index 0) or result (index 1) type of a task class. */
  static JavaType taskType(Class<?> taskClass, int index) {
    JavaType task = MAPPER.getTypeFactory().constructType(taskClass).findSuperType(NodeTask.class);
    return task == null ? MAPPER.getTypeFactory().constructType(Object.class) : task.containedTypeOrUnknown(index);
  }

  static Object fromTree(JsonNode tree, JavaType type) throws IOException {
    return MAPPER.treeToValue(tree, type);
  }
}
