package dev.tandem.testkit.multinode.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a control connection: writes frames (from any thread) and reads them (from one
 * thread). A frame is a 4-byte length and that many bytes of JSON; a malformed frame is logged
 * and skipped, never fatal, because its length still delimits it.
 */
final class FrameChannel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrameChannel.class);
  private static final int MAX_FRAME = 64 * 1024 * 1024;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final String peer;

  FrameChannel(Socket socket, String peer) throws IOException {
    this.socket = socket;
    this.peer = peer;
    socket.setTcpNoDelay(true);
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
  }

  /**
   * Sends a frame.
   *
   * @throws IOException if the connection is gone
   */
  void send(Frame frame) throws IOException {
    byte[] bytes = Json.write(frame);
    synchronized (out) {
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    }
    if (log.isDebugEnabled()) {
      log.debug("sent to {}: {}", peer, frame);
    }
  }

  /** Sends a frame, and reports whether the connection took it. */
  boolean trySend(Frame frame) {
    try {
      send(frame);
      return true;
    } catch (IOException e) {
      log.debug("could not send {} to {}: {}", frame.getClass().getSimpleName(), peer, e.toString());
      return false;
    }
  }

  /**
   * Reads the next well-formed frame, skipping malformed ones.
   *
   * @throws EOFException when the other side closed the connection
   * @throws IOException on a broken connection or an impossible frame length
   */
  Frame read() throws IOException {
    while (true) {
      int length = in.readInt();
      if (length < 0 || length > MAX_FRAME) {
        throw new IOException("control frame from " + peer + " has impossible length " + length);
      }
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      try {
        Frame frame = Json.read(bytes);
        if (log.isDebugEnabled()) {
          log.debug("received from {}: {}", peer, frame);
        }
        return frame;
      } catch (IOException e) {
        log.warn("dropped a malformed control frame from {} ({} bytes): {}", peer, length, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing control connection to {}: {}", peer, e.toString());
    }
  }
}
