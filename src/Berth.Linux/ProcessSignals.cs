using System.Runtime.InteropServices;
using Berth.Linux.Native;

namespace Berth.Linux;

/// <summary>kill(2) and Linux signal names/numbers (x86_64/arm64 numbering).</summary>
public static partial class ProcessSignals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>Sends a signal; returns false when the process does not exist (ESRCH).</summary>
    public static bool Send(int pid, int signal)
    {
        if (kill(pid, signal) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.ESRCH)
        {
            return false;
        }
        throw new SyscallException("kill", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), errno);
    }

    /// <summary>True when the pid exists (zombies included).</summary>
    public static bool Exists(int pid) => pid > 0 && (kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == Errno.EPERM);

    /// <summary>Parses "SIGTERM", "TERM", "term", "15", "SIGRTMIN+3"; returns false for unknown names.</summary>
    public static bool TryParse(string text, out int signal)
    {
        signal = 0;
        string s = text.Trim();
        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            signal = n;
            return n is > 0 and <= 64;
        }
        s = s.ToUpperInvariant();
        if (s.StartsWith("SIG", StringComparison.Ordinal))
        {
            s = s[3..];
        }
        int index = Array.IndexOf(Names, s);
        if (index > 0)
        {
            signal = index;
            return true;
        }
        if (s == "IOT")
        {
            signal = 6;
            return true;
        }
        if (s.StartsWith("RTMIN", StringComparison.Ordinal))
        {
            return TryOffset(s[5..], 34, out signal);
        }
        if (s.StartsWith("RTMAX", StringComparison.Ordinal))
        {
            return TryOffset(s[5..], 64, out signal);
        }
        return false;
    }

    /// <summary>"SIGTERM" for 15; the number as text for signals without a name.</summary>
    public static string Name(int signal) =>
        signal > 0 && signal < Names.Length ? "SIG" + Names[signal] : signal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryOffset(string rest, int baseSignal, out int signal)
    {
        signal = baseSignal;
        if (rest.Length == 0)
        {
            return true;
        }
        if (int.TryParse(rest, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int offset))
        {
            signal = baseSignal + offset;
            return signal is >= 34 and <= 64;
        }
        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
