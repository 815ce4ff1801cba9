namespace Berth.Client.Templates;

/// <summary>Base of the parsed template tree; <see cref="Line"/> and <see cref="Source"/> feed error messages.</summary>
internal abstract record TemplateNode(int Line)
{
    public virtual string Source => string.Empty;
}
