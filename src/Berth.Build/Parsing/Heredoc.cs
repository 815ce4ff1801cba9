namespace Berth.Build.Parsing;

/// <summary>
/// A heredoc attached to an instruction. <see cref="Content"/> is raw (line endings kept, tabs not
/// yet stripped); call <see cref="ChompedContent"/> for <c>&lt;&lt;-</c> semantics.
/// </summary>
/// <param name="Name">The delimiter word with quotes removed (e.g. EOF).</param>
/// <param name="FileDescriptor">The fd prefix of <c>3&lt;&lt;EOF</c>, 0 when absent.</param>
/// <param name="Expand">False when any part of the delimiter was quoted: content is literal.</param>
/// <param name="Chomp">True for <c>&lt;&lt;-</c>: leading tabs are stripped from every line.</param>
public sealed record Heredoc(string Name, int FileDescriptor, bool Expand, bool Chomp, string Content)
{
    public string ChompedContent() => Chomp ? HeredocParser.ChompContent(Content) : Content;
}
