using System.Text;

namespace Berth.Build.Shell;

/// <summary>Accumulates words: unquoted whitespace splits, quoted or escaped characters never do.</summary>
internal sealed class WordSplitter
{
    private readonly StringBuilder _buf = new();
    private readonly List<string> _words = [];
    private bool _inWord;

    public void AddChar(int ch)
    {
        var space = IsSpace(ch);
        if (space && _inWord)
        {
            if (_buf.Length != 0)
            {
                _words.Add(_buf.ToString());
                _buf.Clear();
                _inWord = false;
            }
        }
        else if (!space)
        {
            AddRawChar(ch);
        }
    }

    public void AddRawChar(int ch)
    {
        RuneReader.Append(_buf, ch);
        _inWord = true;
    }

    public void AddString(string s)
    {
        foreach (var r in s.EnumerateRunes())
        {
            AddChar(r.Value);
        }
    }

    public void AddRawString(string s)
    {
        _buf.Append(s);
        _inWord = true;
    }

    public List<string> GetWords()
    {
        if (_buf.Length > 0)
        {
            _words.Add(_buf.ToString());
            _buf.Clear();
            _inWord = false;
        }
        return _words;
    }

    // Go's unicode.IsSpace.
    internal static bool IsSpace(int ch) => ch switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0 => true,
        < 0x100 => false,
        _ => Rune.IsWhiteSpace(new Rune(ch)),
    };
}
