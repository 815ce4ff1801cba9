namespace Berth.Daemon;

internal static class Usage
{
    public const string Text = """
        Usage:	berthd [OPTIONS]

        A self-sufficient runtime for containers, speaking the Docker Engine API.

        Options:
              --config-file string   Daemon configuration file (default "/etc/berth/daemon.json")
              --data-root string     Root directory of persistent Berth state (default "/var/lib/berth")
          -D, --debug                Enable debug mode
              --exec-root string     Root directory for execution state files (default "/run/berth")
          -h, --help                 Print usage
          -H, --host list            Daemon socket(s) to connect to: unix:///path or tcp://addr:port
                                     (default unix:///run/berth/berth.sock)
          -l, --log-level string     Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
          -p, --pidfile string       Path to use for daemon PID file (default "<exec-root>/berthd.pid")
          -v, --version              Print version information and quit

        """;
}
