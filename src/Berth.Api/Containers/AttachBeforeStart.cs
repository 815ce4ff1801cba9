using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;

namespace Berth.Api.Containers;

/// <summary>
/// `docker run` and `docker start -a` attach before the container starts, and
/// <see cref="IContainerService.AttachAsync"/> only reaches a running container. So the attach waits
/// for the container's start event, then relays the output from the container's log (which holds
/// everything from the first byte, however short-lived the process) and feeds stdin through an attach.
/// </summary>
internal static class AttachBeforeStart
{
    public static async Task RunAsync(
        IContainerService containers,
        IEventStream events,
        ContainerInfo container,
        AttachOptions options,
        HijackedConnection connection,
        DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        await WaitForStartAsync(events, container.Id, since, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IStdioSession? stdin = null;
        if (options.Stdin && connection.Input is not null)
        {
            try
            {
                stdin = await containers.AttachAsync(container.Id, new AttachOptions(Stdin: true, Stdout: false, Stderr: false), stop.Token);
            }
            catch (EngineException)
            {
                // Already gone again: there is nobody to give input to.
            }
        }

        await using (stdin)
        {
            var input = stdin is not null ? StdioBridge.PumpInputAsync(connection.Input!, stdin, stop.Token) : Task.CompletedTask;
            try
            {
                var writer = new StdioWriter(connection.Output, multiplexed: !container.Config.Tty);
                var logs = new LogsOptions { Follow = true, Stdout = options.Stdout, Stderr = options.Stderr, Since = since };
                await foreach (var entry in containers.LogsAsync(container.Id, logs, stop.Token))
                {
                    await writer.WriteAsync(entry.Stream, entry.Data, stop.Token);
                }
            }
            catch (IOException)
            {
                // The client closed the connection.
            }
            catch (EngineException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                // Removed (--rm) before its log could be read.
            }
            finally
            {
                await stop.CancelAsync();
                await input;
            }
        }
    }

    private static async Task WaitForStartAsync(IEventStream events, string id, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await foreach (var e in events.SubscribeAsync(since, null, cancellationToken))
        {
            if (e.Type == "container" && e.ActorId == id && e.Action == "start")
            {
                return;
            }
        }
    }
}
