package org.olocus.discovery.launcher;

import java.nio.file.Path;

/**
 * The command line of {@code bin/olocus}: {@code [--home DIR] [--daemon] [--exec "cmd; cmd"]}.
 *
 * @param home    the node's home (etc/, deploy/, data/)
 * @param install where the distribution is unpacked (bin/, bundle/, conf/)
 * @param daemon  run without the interactive shell
 * @param exec    shell commands to run against a running node (or a fresh one), or {@code null}
 */
record Options(Path home, Path install, boolean daemon, String exec) {
    static final String USAGE = """
            usage: olocus [--home DIR] [--daemon] [--exec "command; command"]
              --home DIR   keep this node's etc/, deploy/ and data/ in DIR (made from the defaults on first use)
              --daemon     run without the interactive shell; logs go to data/log/
              --exec CMDS  run shell commands against the node running in the home, or a fresh one, then exit;
                           the exit status is non-zero when a command fails""";

    static Options parse(String[] args, Path defaultHome, Path install) {
        Path home = defaultHome;
        boolean daemon = false;
        String exec = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath().normalize();
                case "--daemon" -> daemon = true;
                case "--exec" -> exec = value(args, ++i, "--exec");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (exec != null && exec.isBlank()) {
            throw new IllegalArgumentException("--exec needs at least one command");
        }
        return new Options(home, install, daemon, exec);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
