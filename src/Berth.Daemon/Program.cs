using Berth.Api.Versioning;
using Berth.Daemon;
using Berth.Daemon.Hosting;
using Berth.Daemon.Options;

try
{
    var flags = FlagParser.Parse(args);
    if (flags.ShowHelp)
    {
        Console.Out.Write(Usage.Text);
        return 0;
    }

    if (flags.ShowVersion)
    {
        Console.Out.WriteLine($"Berth version {BerthVersion.Version}, build {BerthVersion.GitCommit}");
        return 0;
    }

    return await DaemonRunner.RunAsync(OptionsResolver.Resolve(flags));
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Berth.Core.Errors.EngineException)
{
    Console.Error.WriteLine($"failed to start daemon: {ex.Message}");
    return 1;
}
