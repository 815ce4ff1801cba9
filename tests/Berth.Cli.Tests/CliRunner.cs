using System.Text;
using Berth.Cli.Commands;

namespace Berth.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Err, byte[] RawOut);

/// <summary>Runs the CLI in-process against a host, with captured streams and a fixed clock.</summary>
internal static class CliRunner
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static async Task<CliResult> RunAsync(string? host, string[] args, string stdin = "", bool stdinTerminal = false, bool stdoutTerminal = false, Dictionary<string, string>? env = null)
    {
        var outText = new StringWriter();
        var errText = new StringWriter();
        var raw = new MemoryStream();
        var streams = new CliStreams(outText, errText, new MemoryStream(Encoding.UTF8.GetBytes(stdin)), raw)
        {
            StdinIsTerminal = stdinTerminal,
            StdoutIsTerminal = stdoutTerminal,
            Clock = () => Now,
        };
        var environment = new Dictionary<string, string>(env ?? []);
        if (host is not null)
        {
            environment["BERTH_HOST"] = host;
        }

        var app = new CliApp(CommandCatalog.Create(), name => environment.GetValueOrDefault(name));
        var code = await app.RunAsync(args, streams, CancellationToken.None);
        return new CliResult(code, outText.ToString(), errText.ToString(), raw.ToArray());
    }
}
