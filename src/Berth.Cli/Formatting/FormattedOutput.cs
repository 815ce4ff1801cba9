using System.Text;
using System.Text.Json.Nodes;
using Berth.Client.Templates;

namespace Berth.Cli.Formatting;

/// <summary>
/// docker's formatter.Context: "table", "table TEMPLATE", "json" or a raw template, each row
/// executed and followed by a newline; tables get a header row and tabwriter alignment.
/// </summary>
internal static class FormattedOutput
{
    public const string JsonFormat = "{{json .}}";

    public static bool IsTable(string format) => format.StartsWith("table", StringComparison.Ordinal);

    public static void Write(TextWriter output, string format, IEnumerable<JsonObject> rows, JsonObject header)
    {
        var table = IsTable(format);
        var template = Parse(format);
        var body = new StringBuilder();
        var writer = new StringWriter(body);
        foreach (var row in rows)
        {
            template.Execute(writer, row);
            body.Append('\n');
        }

        if (!table)
        {
            output.Write(body.ToString());
            return;
        }

        var headerText = template.WithHeaderFunctions().Execute(header);
        output.Write(TabWriter.Format(headerText + "\n" + body, 10, 3));
    }

    public static GoTemplate Parse(string format)
    {
        var text = format;
        if (IsTable(text))
        {
            text = text["table".Length..];
        }
        else if (text == "json")
        {
            text = JsonFormat;
        }

        text = text.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        try
        {
            return GoTemplate.Parse(string.Empty, text);
        }
        catch (TemplateException ex)
        {
            throw new TemplateException("template parsing error: " + ex.Message);
        }
    }
}
