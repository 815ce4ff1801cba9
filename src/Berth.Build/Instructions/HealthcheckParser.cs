using Berth.Build.Parsing;
using Berth.Core.Text;

namespace Berth.Build.Instructions;

internal static class HealthcheckParser
{
    private static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(1);

    public static HealthConfig Parse(IReadOnlyList<string> args, BuildFlags flags, bool isJson)
    {
        if (args.Count == 0)
        {
            throw InstructionParser.AtLeastOne("HEALTHCHECK");
        }
        var type = args[0].ToUpperInvariant();
        var rest = args.Skip(1).ToList();
        if (type == "NONE")
        {
            if (rest.Count != 0)
            {
                throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
            }
            flags.Parse();
            return new HealthConfig(["NONE"]);
        }
        var interval = flags.AddString("interval");
        var timeout = flags.AddString("timeout");
        var startPeriod = flags.AddString("start-period");
        var startInterval = flags.AddString("start-interval");
        var retries = flags.AddString("retries");
        flags.Parse();
        if (type != "CMD")
        {
            throw new DockerfileException($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        }
        if (rest.Count == 0)
        {
            throw new DockerfileException("Missing command after HEALTHCHECK CMD");
        }
        List<string> test = isJson ? ["CMD", .. rest] : ["CMD-SHELL", .. rest];
        var retryCount = 0;
        if (retries.Value.Length > 0)
        {
            if (!int.TryParse(retries.Value, System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out retryCount))
            {
                throw new DockerfileException($"strconv.ParseInt: parsing \"{retries.Value}\": invalid syntax");
            }
            if (retryCount < 0)
            {
                throw new DockerfileException($"--retries cannot be negative ({retryCount})");
            }
        }
        return new HealthConfig(test,
            Interval(interval, "interval"), Interval(timeout, "timeout"), Interval(startPeriod, "start-period"),
            Interval(startInterval, "start-interval"), retryCount);
    }

    private static TimeSpan Interval(BuildFlags.Flag flag, string name)
    {
        if (flag.Value.Length == 0)
        {
            return TimeSpan.Zero;
        }
        if (!GoDuration.TryParse(flag.Value, out var d))
        {
            throw new DockerfileException($"time: invalid duration \"{flag.Value}\"");
        }
        if (d != TimeSpan.Zero && d < MinimumDuration)
        {
            throw new DockerfileException($"Interval \"{name}\" cannot be less than 1ms");
        }
        return d;
    }
}
