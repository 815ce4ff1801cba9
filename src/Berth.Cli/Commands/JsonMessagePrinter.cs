using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands;

/// <summary>jsonmessage.DisplayJSONMessagesStream for non-terminal output: stream text, status lines, errors.</summary>
internal static class JsonMessagePrinter
{
    public static async Task PrintAsync(EngineResponse response, TextWriter output, CancellationToken cancellationToken)
    {
        await foreach (var message in response.ReadJsonMessagesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (message is not JsonObject obj)
            {
                continue;
            }

            if (obj["errorDetail"]?["message"]?.GetValue<string>() is { } detail)
            {
                throw new StatusException(detail);
            }

            if (obj["error"]?.GetValue<string>() is { } error)
            {
                throw new StatusException(error);
            }

            if (obj["stream"]?.GetValue<string>() is { } stream)
            {
                output.Write(stream);
                continue;
            }

            if (obj["status"]?.GetValue<string>() is { } status)
            {
                var id = obj["id"]?.GetValue<string>();
                var progress = obj["progress"]?.GetValue<string>();
                output.Write((id is null ? string.Empty : id + ": ") + status + (string.IsNullOrEmpty(progress) ? string.Empty : " " + progress) + "\n");
            }
        }
    }
}
