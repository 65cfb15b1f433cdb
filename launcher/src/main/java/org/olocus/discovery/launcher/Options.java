package org.olocus.discovery.launcher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line of {@code bin/olocus}: {@code [--home DIR] [--daemon] [--exec "cmd; cmd"] [--wait SECONDS]}.
 *
 * @param home     the node's home (etc/, deploy/, data/)
 * @param install  where the distribution is unpacked (bin/, bundle/, conf/)
 * @param daemon   run without the interactive shell
 * @param exec     shell commands to run against a running node (or a fresh one), or {@code null}
 * @param execWait how long {@code --exec} waits for a node of the home that is still starting
 */
record Options(Path home, Path install, boolean daemon, String exec, Duration execWait) {
    static final Duration DEFAULT_EXEC_WAIT = Duration.ofSeconds(60);
    static final String USAGE = """
            usage: olocus [--home DIR] [--daemon] [--exec "command; command" [--wait SECONDS]]
              --home DIR      keep this node's etc/, deploy/ and data/ in DIR (made from the defaults on first use);
                              one node per home: a second node on a home in use is refused
              --daemon        run without the interactive shell; logs go to data/log/
              --exec CMDS     run shell commands against the node running in the home, or a fresh one, then exit;
                              the exit status is non-zero when a command fails
              --wait SECONDS  how long --exec waits for a node of the home that is still starting (default 60)""";

    static Options parse(String[] args, Path defaultHome, Path install) {
        Path home = defaultHome;
        boolean daemon = false;
        String exec = null;
        Duration execWait = DEFAULT_EXEC_WAIT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath().normalize();
                case "--daemon" -> daemon = true;
                case "--exec" -> exec = value(args, ++i, "--exec");
                case "--wait" -> execWait = seconds(value(args, ++i, "--wait"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (exec != null && exec.isBlank()) {
            throw new IllegalArgumentException("--exec needs at least one command");
        }
        return new Options(home, install, daemon, exec, execWait);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--wait needs a number of seconds (0 or more), not '" + value + "'");
    }
}
