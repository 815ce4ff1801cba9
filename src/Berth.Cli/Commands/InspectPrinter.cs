using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Client.Templates;

namespace Berth.Cli.Commands;

/// <summary>
/// docker's inspect output: without a format, the raw objects as one 4-space indented JSON array
/// ("[]" when none were found); with a format, the template once per object.
/// </summary>
internal static class InspectPrinter
{
    public static void Write(TextWriter output, string? format, IReadOnlyList<byte[]> rawElements)
    {
        if (string.IsNullOrEmpty(format))
        {
            output.Write(rawElements.Count == 0 ? "[]\n" : JsonIndenter.IndentArray(rawElements) + "\n");
            return;
        }

        var text = format == "json" ? FormattedOutput.JsonFormat : format;
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(string.Empty, text);
        }
        catch (TemplateException ex)
        {
            throw new TemplateException("template parsing error: " + ex.Message);
        }

        foreach (var raw in rawElements)
        {
            template.Execute(output, JsonNode.Parse(raw));
            output.Write('\n');
        }
    }
}
