package dev.tandem.supervision;

import java.util.regex.Pattern;

/** The characters Pekko accepts in an actor name, checked up front so build() can say which child. */
final class ActorNames {
  private static final Pattern VALID = Pattern.compile("[-\\w:@&=+,.!~*'_;][-\\w:@&=+,.!~*'$_;]*");

  private ActorNames() {}

  static boolean isValid(String name) {
    return VALID.matcher(name).matches();
  }
}
