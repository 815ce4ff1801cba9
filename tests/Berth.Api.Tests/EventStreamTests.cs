using Berth.Api.Events;
using Berth.Core.Events;

namespace Berth.Api.Tests;

public sealed class EventStreamTests
{
    private static EngineEvent At(string action, DateTimeOffset time) =>
        new("image", action, "id", new Dictionary<string, string>(), time);

    [Fact]
    public async Task History_IsBoundedAndKeepsTheNewest()
    {
        var stream = new EventStream(historySize: 3);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 5; i++)
        {
            stream.Publish(At("e" + i, start.AddSeconds(i)));
        }

        var seen = new List<string>();
        await foreach (var e in stream.SubscribeAsync(start.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None))
        {
            seen.Add(e.Action);
        }

        Assert.Equal(["e2", "e3", "e4"], seen);
        Assert.Equal(0, stream.SubscriberCount);
    }

    [Fact]
    public async Task Live_FansOutToEverySubscriber()
    {
        var stream = new EventStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var a = stream.SubscribeAsync(null, null, cts.Token).GetAsyncEnumerator();
        var b = stream.SubscribeAsync(null, null, cts.Token).GetAsyncEnumerator();
        var nextA = a.MoveNextAsync();
        var nextB = b.MoveNextAsync();
        await WaitForSubscribers(stream, 2);

        stream.Publish(At("x", DateTimeOffset.UtcNow));

        Assert.True(await nextA);
        Assert.True(await nextB);
        Assert.Equal("x", a.Current.Action);
        Assert.Equal("x", b.Current.Action);
        await cts.CancelAsync();
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.Equal(0, stream.SubscriberCount);
    }

    private static async Task WaitForSubscribers(EventStream stream, int count)
    {
        for (var i = 0; i < 200 && stream.SubscriberCount < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, stream.SubscriberCount);
    }
}
