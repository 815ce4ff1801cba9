namespace Berth.Client.Templates;

/// <summary>A parse or execution error, worded like Go's text/template ("template: name:1: ...").</summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }
}
