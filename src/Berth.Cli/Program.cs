using System.Runtime.InteropServices;
using System.Text;
using Berth.Cli;
using Berth.Cli.Commands;
using Berth.Cli.Terminal;

var stdout = StandardStream.Output();
var utf8 = new UTF8Encoding(false);
var output = new StreamWriter(stdout, utf8, 16 * 1024) { AutoFlush = false };
var error = new StreamWriter(StandardStream.Error(), utf8) { AutoFlush = true };
using var cancel = new CancellationTokenSource();
// Not Console.CancelKeyPress: that sets up .NET's terminal handling, which prints ESC [?1h ESC = to a terminal.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var streams = new CliStreams(output, error, StandardStream.Input(), stdout)
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
