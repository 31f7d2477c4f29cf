package io.thunderline.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets that given processes listen on, read from /proc (what `ss -ltnp` shows) rather than by sending
 * traffic to a non-loopback address.
 */
final class ListeningSockets {
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    record Listener(String address, int port, boolean loopback) {
    }

    private ListeningSockets() {
    }

    static Set<Listener> of(Set<Long> pids) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            try (var links = Files.list(fds)) {
                for (Path fd : links.toList()) {
                    try {
                        Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                        if (m.matches()) {
                            inodes.add(m.group(1));
                        }
                    } catch (IOException gone) {
                        // the descriptor closed while we looked
                    }
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        Set<Listener> listeners = new TreeSet<>((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port())
                : a.address().compareTo(b.address()));
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listeners.add(listener(local[0], Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listeners;
    }

    /** /proc/net/tcp holds addresses as hex in host (little-endian) byte order, four bytes per 32-bit word. */
    static Listener listener(String hex, int port) {
        if (hex.length() == 8) {
            int a = (int) Long.parseLong(hex, 16);
            String ip = (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >>> 24) & 0xff);
            return new Listener(ip, port, ip.startsWith("127."));
        }
        boolean any = hex.chars().allMatch(c -> c == '0');
        boolean v6Loopback = hex.equals("00000000000000000000000001000000");
        boolean v4MappedLoopback = hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F");
        return new Listener(any ? "[::]" : "[" + hex + "]", port, !any && (v6Loopback || v4MappedLoopback));
    }
}
