using Berth.Api.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Options;

/// <summary>berthd's effective settings after flags and daemon.json are merged.</summary>
internal sealed record DaemonOptions(
    IReadOnlyList<ListenAddress> Hosts,
    string DataRoot,
    string ExecRoot,
    string PidFile,
    LogLevel LogLevel,
    bool Debug);
