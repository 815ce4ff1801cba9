using System.Reflection;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>A fake of any interface: records calls by name and answers from a handler (unhandled calls throw).</summary>
public class Recorder : DispatchProxy
{
    public List<string> Calls { get; } = [];
    public Func<MethodInfo, object?[], object?>? Handler { get; set; }

    public static (T Fake, Recorder Recorder) Create<T>(Func<MethodInfo, object?[], object?> handler) where T : class
    {
        T fake = Create<T, Recorder>();
        var recorder = (Recorder)(object)fake;
        recorder.Handler = handler;
        return (fake, recorder);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        Calls.Add(targetMethod!.Name);
        if (targetMethod.ReturnType == typeof(void))
        {
            Handler!(targetMethod, args ?? []);
            return null;
        }
        return Handler!(targetMethod, args ?? []) ?? (targetMethod.ReturnType == typeof(Task) ? Task.CompletedTask : throw new NotSupportedException(targetMethod.Name));
    }
}
