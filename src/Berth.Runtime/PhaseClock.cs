using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Berth.Runtime;

/// <summary>
/// Milliseconds since an operation began, at each of its steps: `berthd --log-level debug` logs them
/// for every container start, which is how the start path's costs are found (docs/development.md).
/// </summary>
internal sealed class PhaseClock
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly StringBuilder _text = new();

    public void Mark(string step)
    {
        lock (_text)
        {
            _text.Append(step).Append('=').Append(Stopwatch.GetElapsedTime(_start).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)).Append("ms ");
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString().TrimEnd();
        }
    }
}
