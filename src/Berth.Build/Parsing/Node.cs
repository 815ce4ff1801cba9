using System.Text;

namespace Berth.Build.Parsing;

/// <summary>
/// One Dockerfile AST node, shaped like BuildKit's: the root's <see cref="Children"/> are the
/// instructions; an instruction's arguments form the <see cref="Next"/> chain; ONBUILD keeps its
/// trigger as the single child of its first argument.
/// </summary>
public sealed class Node
{
    /// <summary>The instruction keyword as written (case preserved), or an argument's text.</summary>
    public string Value { get; set; } = "";

    public Node? Next { get; set; }

    public List<Node> Children { get; } = [];

    /// <summary>Heredoc bodies attached to RUN/COPY/ADD (in the order they appear on the line).</summary>
    public List<Heredoc> Heredocs { get; } = [];

    /// <summary>Builder flags such as <c>--from=build</c>, verbatim.</summary>
    public IReadOnlyList<string> Flags { get; set; } = [];

    /// <summary>True when the arguments came from a JSON (exec form) array.</summary>
    public bool IsJson { get; set; }

    /// <summary>The logical line (continuations joined) the node was parsed from.</summary>
    public string Original { get; set; } = "";

    /// <summary>1-based first line in the file; -1 for a root without instructions.</summary>
    public int StartLine { get; set; }

    /// <summary>1-based last line in the file (includes continuation and heredoc lines).</summary>
    public int EndLine { get; set; }

    /// <summary>Comment lines directly above the instruction, without the leading '#'.</summary>
    public IReadOnlyList<string> PrevComment { get; set; } = [];

    /// <summary>The argument chain as a list (ONBUILD's trigger is flattened like BuildKit does).</summary>
    public IReadOnlyList<string> Arguments()
    {
        var result = new List<string>();
        for (var n = Next; n is not null; n = n.Next)
        {
            if (n.Children.Count == 0)
            {
                result.Add(n.Value);
            }
            else if (n.Children.Count == 1)
            {
                result.Add(n.Children[0].Value);
                result.AddRange(n.Children[0].Arguments());
            }
        }
        return result;
    }

    /// <summary>The s-expression dump used by BuildKit's parser test corpus.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        sb.Append(Value.ToLowerInvariant());
        if (Flags.Count > 0)
        {
            sb.Append(" [");
            for (var i = 0; i < Flags.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }
                GoQuote.Append(sb, Flags[i]);
            }
            sb.Append(']');
        }
        foreach (var child in Children)
        {
            sb.Append('(').Append(child.Dump()).Append(")\n");
        }
        for (var n = Next; n is not null; n = n.Next)
        {
            sb.Append(' ');
            if (n.Children.Count > 0)
            {
                sb.Append(n.Dump());
            }
            else
            {
                GoQuote.Append(sb, n.Value);
            }
        }
        return sb.ToString().Trim();
    }

    public override string ToString() => Dump();
}
