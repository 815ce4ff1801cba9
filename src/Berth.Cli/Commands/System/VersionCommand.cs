using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Client.Templates;

namespace Berth.Cli.Commands.System;

/// <summary>berth version: docker's default template over {Client, Server}, aligned by tabwriter(20, 1, 1).</summary>
internal sealed class VersionCommand : ICommand
{
    private const string DefaultTemplate = """
        {{with .Client -}}
        Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
         Version:	{{.Version}}
         API version:	{{.ApiVersion}}{{if ne .ApiVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
         Go version:	{{.GoVersion}}
         Git commit:	{{.GitCommit}}
         Built:	{{.BuildTime}}
         OS/Arch:	{{.Os}}/{{.Arch}}
         Context:	{{.Context}}
        {{- end}}

        {{- if ne .Server nil}}{{with .Server}}

        Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
         {{- range $component := .Components}}
         {{$component.Name}}:
          {{- if eq $component.Name "Engine" }}
          Version:	{{.Version}}
          API version:	{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
          Go version:	{{index .Details "GoVersion"}}
          Git commit:	{{index .Details "GitCommit"}}
          Built:	{{index .Details "BuildTime"}}
          OS/Arch:	{{index .Details "Os"}}/{{index .Details "Arch"}}
          Experimental:	{{index .Details "Experimental"}}
          {{- else }}
          Version:	{{$component.Version}}
          {{- $detailsOrder := getDetailsOrder $component}}
          {{- range $key := $detailsOrder}}
          {{$key}}:	{{index $component.Details $key}}
           {{- end}}
          {{- end}}
         {{- end}}
         {{- end}}{{- end}}
        """;

    private static readonly Dictionary<string, TemplateFunction> s_functions = new()
    {
        ["getDetailsOrder"] = args => args.Count == 1 && args[0] is JsonObject component && component["Details"] is JsonObject details
            ? details.Select(p => p.Key).Order(StringComparer.Ordinal).Select(k => (object?)k).ToList()
            : new List<object?>(),
    };

    public CommandSpec Spec { get; } = new("[OPTIONS]", "Show the Berth version information", [FormatFlag.Inspect]) { MaxArgs = 0 };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var format = args.String("format") ?? string.Empty;
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse("version", format switch { "" => DefaultTemplate, "json" => FormattedOutput.JsonFormat, _ => format }, s_functions);
        }
        catch (TemplateException ex)
        {
            throw new StatusException("template parsing error: " + ex.Message, 64);
        }

        JsonNode? server = null;
        Exception? serverError = null;
        try
        {
            server = NormalizeServer(await context.Client.GetJsonAsync("/version", null, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is EngineConnectionException or EngineApiException)
        {
            serverError = ex;
        }

        // After the request: an older daemon has brought the client's version down by now.
        var data = new JsonObject { ["Client"] = ClientVersion(context.Client.ApiVersion), ["Server"] = server };

        var text = template.Execute(data) + "\n";
        context.Out.Write(format.Length == 0 ? TabWriter.Format(text, 20, 1) : text);
        if (serverError is not null)
        {
            context.Out.Flush();
            throw serverError;
        }

        return 0;
    }

    internal static JsonObject ClientVersion(string apiVersion) => new()
    {
        ["Version"] = EngineClient.ClientVersion,
        ["ApiVersion"] = apiVersion,
        ["DefaultAPIVersion"] = EngineClient.DefaultApiVersion,
        ["GitCommit"] = "unknown",
        ["GoVersion"] = RuntimeInformation.FrameworkDescription,
        ["Os"] = "linux",
        ["Arch"] = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() },
        ["BuildTime"] = string.Empty,
        ["Context"] = "default",
    };

    // docker adds an "Engine" component when the daemon lists none, and reformats BuildTime.
    private static JsonNode? NormalizeServer(JsonNode? server)
    {
        if (server is not JsonObject obj)
        {
            return server;
        }

        obj["Platform"] ??= new JsonObject { ["Name"] = string.Empty };
        if (obj["Components"] is not JsonArray components)
        {
            components = [];
            obj["Components"] = components;
        }

        var engine = components.OfType<JsonObject>().FirstOrDefault(c => (string?)c["Name"] == "Engine");
        if (engine is null)
        {
            engine = new JsonObject
            {
                ["Name"] = "Engine",
                ["Version"] = obj["Version"]?.DeepClone(),
                ["Details"] = new JsonObject
                {
                    ["ApiVersion"] = Str(obj, "ApiVersion"),
                    ["MinAPIVersion"] = Str(obj, "MinAPIVersion"),
                    ["GitCommit"] = Str(obj, "GitCommit"),
                    ["GoVersion"] = Str(obj, "GoVersion"),
                    ["Os"] = Str(obj, "Os"),
                    ["Arch"] = Str(obj, "Arch"),
                    ["BuildTime"] = Str(obj, "BuildTime"),
                    ["Experimental"] = obj["Experimental"]?.GetValueKind() == global::System.Text.Json.JsonValueKind.True ? "true" : "false",
                },
            };
            components.Add((JsonNode)engine);
        }

        if (engine["Details"] is JsonObject details && (string?)details["BuildTime"] is { } buildTime)
        {
            details["BuildTime"] = ReformatDate(buildTime);
        }

        return obj;
    }

    private static string Str(JsonObject obj, string key) => obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    // time.ANSIC: "Mon Jan _2 15:04:05 2006".
    private static string ReformatDate(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.UtcDateTime.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.UtcDateTime.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + t.UtcDateTime.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture)
            : value;
}
