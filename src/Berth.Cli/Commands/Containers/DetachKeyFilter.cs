namespace Berth.Cli.Commands.Containers;

/// <summary>
/// term.EscapeProxy: passes keystrokes through, holding back a partial detach sequence until it
/// either completes (the session detaches) or breaks (the held bytes are sent after all).
/// </summary>
internal sealed class DetachKeyFilter
{
    private readonly byte[] _keys;
    private int _matched;

    public DetachKeyFilter(byte[] keys)
    {
        _keys = keys;
    }

    /// <summary>Filters one read; returns the bytes to forward and whether the sequence completed.</summary>
    public (byte[] Forward, bool Detach) Process(ReadOnlySpan<byte> input)
    {
        var forward = new List<byte>(input.Length + _matched);
        foreach (var b in input)
        {
            if (_keys.Length > 0 && b == _keys[_matched])
            {
                _matched++;
                if (_matched == _keys.Length)
                {
                    return ([.. forward], true);
                }

                continue;
            }

            forward.AddRange(_keys.AsSpan(0, _matched));
            _matched = 0;
            if (_keys.Length > 0 && b == _keys[0])
            {
                _matched = 1;
                continue;
            }

            forward.Add(b);
        }

        return ([.. forward], false);
    }
}
