using System.Runtime.InteropServices;

namespace Berth.Linux.Files;

/// <summary>struct timespec as utimensat(2) takes it.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Timespec(long seconds, long nanoseconds)
{
    private const long UTIME_OMIT = (1L << 30) - 2;

    public long Seconds { get; } = seconds;

    public long Nanoseconds { get; } = nanoseconds;

    /// <summary>Leaves that timestamp as it is.</summary>
    public static Timespec Omit => new(0, UTIME_OMIT);

    /// <summary>Whole seconds rounded towards negative infinity, so times before 1970 keep a 0..999999999 nanosecond part.</summary>
    public static Timespec From(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new Timespec(seconds, remainder * 100);
    }
}
