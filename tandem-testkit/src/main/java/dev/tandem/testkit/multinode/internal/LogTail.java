package dev.tandem.testkit.multinode.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a log file without loading all of it. */
final class LogTail {

  private static final int MAX_BYTES = 256 * 1024;

  private LogTail() {}

  /** The last {@code lines} lines of {@code file}, or a note saying why there are none. */
  static String of(Path file, int lines) {
    if (lines <= 0) {
      return "";
    }
    if (!Files.exists(file)) {
      return "(no log file " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
      if (size < length && !all.isEmpty()) {
        all = all.subList(1, all.size()); // the first line was cut
      }
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
