using System.Text;
using Berth.Cli;
using Berth.Cli.Commands;

var stdout = Console.OpenStandardOutput();
var utf8 = new UTF8Encoding(false);
var output = new StreamWriter(stdout, utf8, 16 * 1024) { AutoFlush = false };
var error = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var streams = new CliStreams(output, error, Console.OpenStandardInput(), stdout)
{
    StdinIsTerminal = !Console.IsInputRedirected,
    StdoutIsTerminal = !Console.IsOutputRedirected,
};
var app = new CliApp(CommandCatalog.Create(), Environment.GetEnvironmentVariable);
int code;
try
{
    code = await app.RunAsync(args, streams, cancel.Token);
}
finally
{
    output.Flush();
}

return code;
