using System.Globalization;
using System.Text;
using Berth.Core.Containers;

namespace Berth.Runtime.Logs;

/// <summary>
/// Parses conmon's k8s-file lines: "&lt;RFC3339Nano&gt; stdout|stderr F|P &lt;text&gt;". A "P" (partial)
/// record is a chunk without its newline; "F" ends the line, so its entry gets the "\n" back.
/// </summary>
internal static class K8sLogLine
{
    public static bool TryParse(ReadOnlySpan<byte> line, out LogEntry entry)
    {
        entry = null!;
        int s1 = line.IndexOf((byte)' ');
        if (s1 <= 0)
        {
            return false;
        }
        ReadOnlySpan<byte> rest = line[(s1 + 1)..];
        int s2 = rest.IndexOf((byte)' ');
        if (s2 <= 0 || rest.Length < s2 + 2)
        {
            return false;
        }
        ReadOnlySpan<byte> stream = rest[..s2];
        ReadOnlySpan<byte> afterStream = rest[(s2 + 1)..];
        bool partial = afterStream[0] == (byte)'P';
        ReadOnlySpan<byte> text = afterStream.Length > 2 ? afterStream[2..] : [];
        if (!DateTimeOffset.TryParse(Encoding.ASCII.GetString(line[..s1]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset ts))
        {
            return false;
        }
        LogStream which = stream.SequenceEqual("stderr"u8) ? LogStream.Stderr : LogStream.Stdout;
        byte[] data = new byte[text.Length + (partial ? 0 : 1)];
        text.CopyTo(data);
        if (!partial)
        {
            data[^1] = (byte)'\n';
        }
        entry = new LogEntry(which, ts, data);
        return true;
    }
}
