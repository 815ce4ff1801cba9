using System.Text;

namespace Berth.Build.Shell;

/// <summary>Peek/Next over the runes of a string, with -1 as end of input (like Go's text/scanner).</summary>
internal sealed class RuneReader
{
    public const int Eof = -1;

    private readonly int[] _runes;
    private int _pos;

    public RuneReader(string text)
    {
        var list = new List<int>(text.Length);
        foreach (var r in text.EnumerateRunes())
        {
            list.Add(r.Value);
        }
        _runes = [.. list];
    }

    public int Peek() => _pos < _runes.Length ? _runes[_pos] : Eof;

    public int Next() => _pos < _runes.Length ? _runes[_pos++] : Eof;

    public static void Append(StringBuilder sb, int rune) => sb.Append(new Rune(rune).ToString());

    public static string ToStr(int rune) => new Rune(rune).ToString();
}
