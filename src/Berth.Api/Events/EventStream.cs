using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Berth.Core.Events;

namespace Berth.Api.Events;

/// <summary>
/// In-memory event bus: a bounded ring of recent events (so /events?since= can replay) plus a
/// channel per live subscriber. A subscriber that cannot keep up loses its oldest events instead
/// of slowing publishers down, as dockerd's events queue does.
/// </summary>
public sealed class EventStream : IEventStream
{
    private readonly object _gate = new();
    private readonly EngineEvent?[] _history;
    private readonly List<Channel<EngineEvent>> _subscribers = [];
    private readonly TimeProvider _time;
    private int _next;
    private int _count;

    public EventStream(int historySize = 1024, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        _history = new EngineEvent?[historySize];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Live subscribers right now (SystemInfo.NEventsListener).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        lock (_gate)
        {
            _history[_next] = engineEvent;
            _next = (_next + 1) % _history.Length;
            _count = Math.Min(_count + 1, _history.Length);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(engineEvent);
            }
        }
    }

    public async IAsyncEnumerable<EngineEvent> SubscribeAsync(
        DateTimeOffset? since, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(1024)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        List<EngineEvent> replay;
        lock (_gate)
        {
            replay = since is null ? [] : Snapshot(since.Value, until);
            _subscribers.Add(channel);
        }

        using var untilSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (until is { } end)
        {
            var wait = end - _time.GetUtcNow();
            untilSource.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }

        try
        {
            foreach (var past in replay)
            {
                yield return past;
            }

            while (await WaitAsync(channel.Reader, untilSource.Token, cancellationToken))
            {
                while (channel.Reader.TryRead(out var live))
                {
                    if (until is not null && live.Time > until)
                    {
                        yield break;
                    }

                    yield return live;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    /// <summary>False once "until" has passed; the caller's own cancellation still throws.</summary>
    private static async Task<bool> WaitAsync(ChannelReader<EngineEvent> reader, CancellationToken untilToken, CancellationToken callerToken)
    {
        try
        {
            return await reader.WaitToReadAsync(untilToken);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private List<EngineEvent> Snapshot(DateTimeOffset since, DateTimeOffset? until)
    {
        var result = new List<EngineEvent>(_count);
        var start = (_next - _count + _history.Length) % _history.Length;
        for (var i = 0; i < _count; i++)
        {
            var item = _history[(start + i) % _history.Length]!;
            if (item.Time >= since && (until is null || item.Time <= until))
            {
                result.Add(item);
            }
        }

        return result;
    }
}
