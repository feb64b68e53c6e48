package dev.tandem.testkit.multinode.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test JVM's end of the control protocol: a server socket on 127.0.0.1 (an ephemeral port,
 * held for the cluster's life) that nodes connect to. The first frame of a connection names the
 * launch token; the connection is then handed to that node's handle and read on its own thread.
 */
final class ControlServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

  private final ServerSocket server;
  private final Function<String, NodeHandle> byToken;
  private volatile boolean closed;

  ControlServer(Function<String, NodeHandle> byToken) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.byToken = byToken;
    Thread acceptor = new Thread(this::accept, "tandem-control-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        Thread reader = new Thread(() -> serve(socket), "tandem-control-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("control server stopped accepting: {}", e.toString());
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    FrameChannel channel;
    NodeHandle node;
    try {
      socket.setSoTimeout(30_000);
      channel = new FrameChannel(socket, "node on port " + socket.getPort());
      Frame first = channel.read();
      if (!(first instanceof Frame.Connected connected) || (node = byToken.apply(connected.token())) == null) {
        log.warn("closed a control connection that did not identify a current node launch: {}", first);
        socket.close();
        return;
      }
      socket.setSoTimeout(0);
      node.attach(channel, connected.token(), connected.pid());
    } catch (SocketTimeoutException e) {
      log.warn("closed a control connection that sent nothing within 30 s");
      close(socket);
      return;
    } catch (IOException e) {
      log.debug("control connection failed before identifying itself: {}", e.toString());
      close(socket);
      return;
    }
    try {
      while (true) {
        node.onFrame(channel.read());
      }
    } catch (IOException e) {
      node.detach(channel);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already broken
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      log.debug("closing control server: {}", e.toString());
    }
  }
}
