using System.Net.Sockets;

namespace Berth.Networking.Proxy;

/// <summary>One UDP client of a <see cref="UdpProxy"/>: its socket connected to the container, the task relaying replies, and when it last saw traffic.</summary>
internal sealed class UdpFlow(Socket socket)
{
    private long _lastActivity = Environment.TickCount64;

    public Socket Socket { get; } = socket;
    public Task Replies { get; set; } = Task.CompletedTask;
    public TimeSpan IdleFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastActivity));

    public void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);
}
