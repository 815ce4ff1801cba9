using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.System;

/// <summary>berth info / system info: docker's prettyPrintInfo, or a template over the info object.</summary>
internal sealed class InfoCommand : ICommand
{
    public CommandSpec Spec { get; } = new("[OPTIONS]", "Display system-wide information", [FormatFlag.Inspect])
    {
        MaxArgs = 0,
        Aliases = "berth system info, berth info",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var format = args.String("format");
        var client = new JsonObject
        {
            ["Debug"] = context.Debug,
            ["Version"] = EngineClient.ClientVersion,
            ["Context"] = "default",
            ["Plugins"] = new JsonArray(),
        };
        if (!string.IsNullOrEmpty(format))
        {
            var template = FormattedOutput.Parse(format);
            var info = await context.Client.GetJsonAsync("/info", null, cancellationToken).ConfigureAwait(false) as JsonObject ?? [];
            info["ClientInfo"] = client;
            template.Execute(context.Out, info);
            context.Out.Write('\n');
            return 0;
        }

        var o = context.Out;
        o.Write("Client:\n");
        o.Write($" Version:    {EngineClient.ClientVersion}\n");
        o.Write(" Context:    default\n");
        o.Write($" Debug Mode: {(context.Debug ? "true" : "false")}\n");
        o.Write("\nServer:\n");
        JsonObject server;
        try
        {
            server = await context.Client.GetJsonAsync("/info", null, cancellationToken).ConfigureAwait(false) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is EngineConnectionException or EngineApiException)
        {
            var message = ex is EngineApiException api ? "Error response from daemon: " + api.Message : ex.Message;
            context.Out.Flush();
            context.Err.Write($"ERROR: {message}\n");
            throw new StatusException("errors pretty printing info");
        }

        InfoPrinter.PrintServer(o, server, context.Debug);
        foreach (var warning in server["Warnings"] as JsonArray ?? [])
        {
            context.Out.Flush();
            context.Err.Write(warning?.ToString() + "\n");
        }

        return 0;
    }
}
