using Berth.Api.Hosting;
using Berth.Api.Versioning;
using Berth.Daemon.Composition;
using Berth.Daemon.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Runs one daemon: pid file, engine, sockets, API, then waits for SIGTERM/SIGINT. On the way out
/// Kestrel stops accepting, lets requests finish (up to the shutdown timeout), and the socket and
/// pid file are removed.
/// </summary>
internal static class DaemonRunner
{
    public static async Task<int> RunAsync(DaemonOptions options)
    {
        Directory.CreateDirectory(options.ExecRoot);
        File.SetUnixFileMode(options.ExecRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var sockets = options.Hosts.Where(h => h.UnixPath is not null).Select(h => h.UnixPath!).ToArray();
        foreach (var socket in sockets)
        {
            UnixSocketSetup.Prepare(socket);
        }

        using var pidFile = PidFile.Create(options.PidFile);
        // The engine logs before the web host exists (re-adopting containers), so it gets its own factory.
        using var engineLoggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(options.LogLevel));
        await using var engine = await Engine.OpenAsync(options.DataRoot, options.ExecRoot, engineLoggers);
        var apiOptions = new BerthApiOptions
        {
            Listen = options.Hosts,
            DataRoot = options.DataRoot,
            ExecRoot = options.ExecRoot,
            EngineId = EngineId.LoadOrCreate(options.DataRoot),
            Debug = options.Debug,
            LogLevel = options.LogLevel,
        };

        var app = BerthApiHost.Create(apiOptions, engine.Register);
        await using (app)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("berthd");
            DaemonLog.Starting(logger, BerthVersion.Version, options.DataRoot, options.ExecRoot);
            try
            {
                await app.StartAsync();
                foreach (var socket in sockets)
                {
                    SocketPermissions.Apply(socket, logger);
                }

                foreach (var host in options.Hosts)
                {
                    if (host.Address is not null)
                    {
                        DaemonLog.InsecureTcp(logger, host.Text);
                    }

                    DaemonLog.Listening(logger, host.Text);
                }

                await app.WaitForShutdownAsync();
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    UnixSocketSetup.Remove(socket);
                }

                DaemonLog.Stopped(logger);
            }
        }

        return 0;
    }
}
